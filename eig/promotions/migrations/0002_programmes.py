from django.db import migrations

PROGRAMMES = [
    ("EIG", "Entrepreneurs d'intérêt général", "Public Interest Entrepreneurs"),
    ("DIG", "Designers d'intérêt général", "Public Interest Designers"),
]


def create_programmes(apps, schema_editor):
    Programme = apps.get_model("promotions", "Programme")
    for code, fr, en in PROGRAMMES:
        Programme.objects.update_or_create(code=code, defaults={"name": fr, "name_fr": fr, "name_en": en})


class Migration(migrations.Migration):
    dependencies = [("promotions", "0001_initial")]
    operations = [migrations.RunPython(create_programmes, migrations.RunPython.noop)]
