from django.db import migrations


class Migration(migrations.Migration):
    """Uploaded files live in the attachments app now (copied there by attachments 0002)."""

    dependencies = [
        ("editor", "0002_submission_moves_to_forum"),
        ("attachments", "0002_copy_editor_uploads"),
    ]

    operations = [migrations.DeleteModel(name="Attachment")]
