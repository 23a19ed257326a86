from django.db import migrations


def add_account(apps, schema_editor):
    Account = apps.get_model("settlement", "Account")
    Account.objects.update_or_create(
        code="security_deposits",
        defaults={"name": "Security deposits held", "kind": "liability", "per_store": True, "never_negative": True},
    )


class Migration(migrations.Migration):
    dependencies = [("settlement", "0003_payable_return_hold")]
    operations = [migrations.RunPython(add_account, migrations.RunPython.noop)]
