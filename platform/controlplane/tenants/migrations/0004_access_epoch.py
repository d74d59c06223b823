from django.db import migrations, models


def create_row(apps, schema_editor) -> None:
    apps.get_model("tenants", "AccessEpoch").objects.get_or_create(pk=1, defaults={"value": 0})


class Migration(migrations.Migration):
    dependencies = [("tenants", "0003_api_key_issued_by")]

    operations = [
        migrations.CreateModel(
            name="AccessEpoch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
