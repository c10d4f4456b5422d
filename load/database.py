"""The load run's data, set up before gunicorn starts and checked after it stops.

Both run in a child process (``python -m load prepare|verify``) whose environment names the
database, so Django's settings read it exactly as gunicorn's workers do.
"""

import json
import sys
from collections import defaultdict

EDITORS = 20
OWN_ITEMS = 5
SHARED_ITEMS = 4
PASSWORD = "load-test-password-1951"


def prepare() -> dict:
    """Migrate; create the editors and an assessment with items for each and a few shared."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from checklist.assessments import services
    from checklist.assessments.models import Role
    from checklist.synthetic import synthetic_assessment

    User = get_user_model()
    # One hash for all: hashing twenty passwords one by one takes several seconds.
    hashed = make_password(PASSWORD)
    owner = User.objects.create(username="load-owner", password=hashed)
    editors = User.objects.bulk_create(
        User(username=f"editor{number:02}", password=hashed) for number in range(EDITORS)
    )
    assessment = synthetic_assessment(
        items=EDITORS * OWN_ITEMS + SHARED_ITEMS, owner=owner, prefix="LOAD"
    )
    for editor in editors:
        services.add_member(
            assessment=assessment,
            user=editor,
            role=Role.EDITOR,
            by=owner,
            invited_as=editor.username,
        )
    items = list(assessment.items.order_by("position").values_list("pk", flat=True))
    return {
        "assessment": assessment.pk,
        "password": PASSWORD,
        "editors": {
            editor.username: items[index * OWN_ITEMS : (index + 1) * OWN_ITEMS]
            for index, editor in enumerate(editors)
        },
        "shared": items[EDITORS * OWN_ITEMS :],
    }


def verify(acknowledged: list[dict], conflicts: list[dict]) -> dict:
    """Compare what the server acknowledged with the history table.

    1. Every 200 save is in the history at the version it was made on plus one, by that
       editor, with that finding and that (unique) evidence.
    2. Every 409 was real: the history holds a later version than the one the save named.
    3. Each response's history is an unbroken chain (versions 1..n, each change starting from
       the previous one's values) ending at the row's current values: nothing was overwritten.
    """
    import django

    django.setup()
    from checklist.assessments.models import Response, ResponseChange

    changes = {
        (change["response__item_id"], change["version"]): change
        for change in ResponseChange.objects.values(
            "response__item_id",
            "version",
            "changed_by__username",
            "old_finding",
            "old_evidence",
            "new_finding",
            "new_evidence",
        )
    }
    lost = [save for save in acknowledged if not _recorded(save, changes)]
    false_conflicts = [
        conflict
        for conflict in conflicts
        if (conflict["item"], conflict["version"] + 1) not in changes
    ]
    by_item = defaultdict(list)
    for (item, version), change in changes.items():
        by_item[item].append((version, change))
    current = {
        row["item_id"]: row
        for row in Response.objects.filter(item_id__in=by_item).values(
            "item_id", "version", "finding", "evidence"
        )
    }
    broken = [item for item, history in by_item.items() if not _chain(history, current[item])]
    return {
        "history_rows": len(changes),
        "lost_updates": len(lost),
        "false_conflicts": len(false_conflicts),
        "broken_histories": len(broken),
        "examples": [*lost[:3], *false_conflicts[:3], *broken[:3]],
    }


def _recorded(save: dict, changes: dict) -> bool:
    change = changes.get((save["item"], save["version"] + 1))
    return change is not None and (
        change["changed_by__username"],
        change["new_finding"],
        change["new_evidence"],
    ) == (save["editor"], save["finding"], save["evidence"])


def _chain(history: list, row: dict) -> bool:
    history.sort(key=lambda pair: pair[0])
    before = ("not_assessed", "")
    for expected, (version, change) in enumerate(history, start=1):
        if version != expected or (change["old_finding"], change["old_evidence"]) != before:
            return False
        before = (change["new_finding"], change["new_evidence"])
    return (row["version"], row["finding"], row["evidence"]) == (len(history), *before)


def main(command: str) -> None:
    if command == "prepare":
        json.dump(prepare(), sys.stdout)
    else:
        given = json.load(sys.stdin)
        json.dump(verify(given["acknowledged"], given["conflicts"]), sys.stdout)
