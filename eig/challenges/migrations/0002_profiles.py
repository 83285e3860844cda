from django.db import migrations

# The profiles of the legacy site's skills.yml, plus digital law (calls of 2021).
PROFILES = [
    ("dev", "Développement", "Software development", 1),
    ("datascience", "Data science", "Data science", 2),
    ("design", "Design", "Design", 3),
    ("dataengineering", "Data engineering", "Data engineering", 4),
    ("geomatique", "Géomatique", "Geomatics", 5),
    ("droit", "Droit du numérique", "Digital law", 6),
]


def create_profiles(apps, schema_editor):
    Profile = apps.get_model("challenges", "Profile")
    for code, fr, en, order in PROFILES:
        Profile.objects.update_or_create(
            code=code, defaults={"label": fr, "label_fr": fr, "label_en": en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("challenges", "0001_initial")]
    operations = [migrations.RunPython(create_profiles, migrations.RunPython.noop)]
