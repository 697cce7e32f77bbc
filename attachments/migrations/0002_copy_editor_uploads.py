"""The editor's uploaded images become attachments: same files, same uploader, no post yet (their posts point at
/media/ addresses, which keep working where media is served)."""

from django.db import migrations


def copy(apps, schema_editor):
    Old = apps.get_model("editor", "Attachment")
    New = apps.get_model("attachments", "Attachment")
    New.objects.bulk_create([
        New(user_id=old.user_id, file=old.file.name, original_name=old.original_name or "image",
            content_type=old.content_type, size=old.size, width=old.width, height=old.height,
            created_at=old.created_at)
        for old in Old.objects.all().iterator()
    ])


class Migration(migrations.Migration):

    dependencies = [
        ("attachments", "0001_initial"),
        ("editor", "0001_drafts_attachments_submissions"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
