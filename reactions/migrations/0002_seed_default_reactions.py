"""The default set of reactions: administrators rename, reorder, switch off or add to it in the admin."""

from django.db import migrations

DEFAULTS = [
    # name, emoji, reputation value, order
    ("Like", "👍", 1, 1),
    ("Thanks", "🙏", 1, 2),
    ("Haha", "😂", 1, 3),
    ("Confused", "😕", 0, 4),
    ("Sad", "😢", 0, 5),
]


def seed(apps, schema_editor):
    ReactionType = apps.get_model("reactions", "ReactionType")
    for name, icon, value, order in DEFAULTS:
        ReactionType.objects.get_or_create(name=name, defaults={"icon": icon, "value": value, "order": order})


class Migration(migrations.Migration):
    dependencies = [("reactions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
