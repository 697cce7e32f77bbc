from django.core.management.base import BaseCommand

from attachments import services


class Command(BaseCommand):
    help = ("Remove uploads that no post refers to after a day (replies never sent, files taken out of their posts) "
            "and add the downloads counted in the cache to the table.")

    def handle(self, *args, **options):
        removed = services.remove_unlinked()
        written = services.write_download_counts()
        self.stdout.write(f"{removed} unused uploads removed, {written} downloads written.")
