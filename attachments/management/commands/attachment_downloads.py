from django.core.management.base import BaseCommand

from attachments import services


class Command(BaseCommand):
    help = "Add the attachment downloads counted in the cache to the table (run every few minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"{services.write_download_counts()} downloads written.")
