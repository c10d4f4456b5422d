from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_translatable_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="approvedreport",
            name="language",
            # Every report sealed before this field was printed in English.
            field=models.CharField(default="en", max_length=10),
            preserve_default=False,
        ),
    ]
