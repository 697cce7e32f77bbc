from django.conf import settings
from django.core.management.base import BaseCommand

from moderation.services import purge_recycle_bin


class Command(BaseCommand):
    help = "Delete for good the topics and posts that have been in the recycle bin longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.AGORA_RECYCLE_BIN_DAYS)

    def handle(self, *args, days, **options):
        topics, posts = purge_recycle_bin(days)
        self.stdout.write(f"Purged {topics} topic(s) and {posts} post(s) deleted more than {days} days ago.")
