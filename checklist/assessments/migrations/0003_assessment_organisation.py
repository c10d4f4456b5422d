"""Every assessment belongs to an organisation. Assessments made before organisations existed
go to one organisation, "Default organisation" (rename it in Django admin), whose members
become every owner of them; nothing is created on a database without assessments."""

import django.db.models.deletion
from django.db import migrations, models

DEFAULT_NAME = "Default organisation"


def into_default_organisation(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Membership = apps.get_model("assessments", "Membership")
    Organisation = apps.get_model("accounts", "Organisation")
    OrganisationMembership = apps.get_model("accounts", "OrganisationMembership")
    if not Assessment.objects.exists():
        return
    organisation, _ = Organisation.objects.get_or_create(
        slug="default-organisation", defaults={"name": DEFAULT_NAME}
    )
    Assessment.objects.filter(organisation=None).update(organisation=organisation)
    owners = Membership.objects.filter(role="owner").values_list("user_id", flat=True).distinct()
    OrganisationMembership.objects.bulk_create(
        [
            OrganisationMembership(organisation=organisation, user_id=user_id, role="member")
            for user_id in owners
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_organisations"),
        ("assessments", "0002_text_limits_and_report_render"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="organisation",
            field=models.ForeignKey(
                help_text="The team that owns the assessment; its admins see and manage it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessments",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(into_default_organisation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="assessment",
            name="organisation",
            field=models.ForeignKey(
                help_text="The team that owns the assessment; its admins see and manage it.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessments",
                to="accounts.organisation",
            ),
        ),
    ]
