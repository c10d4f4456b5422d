"""The standard themes, so that editors can tag paragraphs with any of them from the start.

The list is frozen here as it was when this migration was written; checklist.instruments.
classify may suggest more later, and importing creates any theme it suggests that is missing.
"""

from django.db import migrations

STANDARD_THEMES = [
    ('non-refoulement', 'Non-refoulement'),
    ('cooperation-with-unhcr', 'Cooperation with UNHCR'),
    ('article-35-reporting', 'Reporting under Article 35'),
    ('accession', 'Accession to the 1951 Convention and 1967 Protocol'),
    ('right-to-seek-asylum', 'Right to seek asylum'),
    ('early-warning', 'Early warning'),
    ('emergency-preparedness', 'Emergency preparedness'),
    ('minorities', 'Minorities'),
    ('women-and-children', 'Women and children'),
    ('non-discrimination', 'Non-discrimination'),
    ('root-causes', 'Root causes of displacement'),
    ('voluntary-return', 'Voluntary return'),
    ('international-solidarity', 'International solidarity and burden-sharing'),
    ('human-rights-mechanisms', 'Cooperation with human rights mechanisms'),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("instruments", "Theme")
    for slug, name in STANDARD_THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("instruments", "0001_initial")]

    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
