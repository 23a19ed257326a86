from django.db import migrations

CURRENCIES = [
    ("CNY", "Chinese yuan", 2, "¥"), ("USD", "US dollar", 2, "$"), ("EUR", "Euro", 2, "€"),
    ("GBP", "Pound sterling", 2, "£"), ("JPY", "Japanese yen", 0, "¥"), ("KRW", "South Korean won", 0, "₩"),
    ("AUD", "Australian dollar", 2, "A$"), ("NZD", "New Zealand dollar", 2, "NZ$"), ("CAD", "Canadian dollar", 2, "C$"),
    ("HKD", "Hong Kong dollar", 2, "HK$"), ("SGD", "Singapore dollar", 2, "S$"), ("CHF", "Swiss franc", 2, "Fr"),
    ("THB", "Thai baht", 2, "฿"), ("MYR", "Malaysian ringgit", 2, "RM"), ("TWD", "New Taiwan dollar", 2, "NT$"),
    ("MOP", "Macanese pataca", 2, "MOP$"), ("SEK", "Swedish krona", 2, "kr"), ("NOK", "Norwegian krone", 2, "kr"),
    ("DKK", "Danish krone", 2, "kr"), ("VND", "Vietnamese dong", 0, "₫"),
]  # fmt: skip


def seed(apps, schema_editor):
    Currency = apps.get_model("pricing", "Currency")
    for code, name, minor_unit, symbol in CURRENCIES:
        Currency.objects.update_or_create(code=code, defaults={"name": name, "minor_unit": minor_unit, "symbol": symbol})


class Migration(migrations.Migration):
    dependencies = [("pricing", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
