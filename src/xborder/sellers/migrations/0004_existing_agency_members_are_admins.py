"""Members who joined before agencies had roles become admins, so no agency loses the people who manage it."""

from django.db import migrations


def existing_members_are_admins(apps, schema_editor):
    AgencyMember = apps.get_model("sellers", "AgencyMember")
    AgencyMember.objects.update(role="admin")


class Migration(migrations.Migration):
    dependencies = [
        ("sellers", "0003_agency_member_role_and_log"),
    ]

    operations = [
        migrations.RunPython(existing_members_are_admins, migrations.RunPython.noop),
    ]
