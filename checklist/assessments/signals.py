"""What this app tells the apps above it, which it must not import (follow-up, reports).

``round_carried_forward``: services.carry_forward made the next round; sent inside its
transaction with ``previous`` and ``assessment`` (the new round), ``items`` (old item pk →
new item pk, for the items carried) and ``user``. Receivers copy what they keep per item.

``demo_seeded``: the seed_demo command made (or found) the demo assessment; sent with
``assessment`` and ``users`` (username → account) so the apps above add their demo data.

``row_badges``: selectors.load_rows read the rows of ``items`` (an Item queryset); each
receiver answers {item pk: [RowBadge, ...]} in one query, whatever the number of rows, and
the checklist row shows the badges as links.
"""

from django.dispatch import Signal

round_carried_forward = Signal()
row_badges = Signal()
demo_seeded = Signal()
