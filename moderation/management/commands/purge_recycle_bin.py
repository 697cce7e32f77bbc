from django.core.management.base import BaseCommand

from boardsettings.store import current as board_settings
from moderation.services import purge_recycle_bin


class Command(BaseCommand):
    help = "Delete for good the topics and posts that have been in the recycle bin longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Default: the board setting (the recycle bin page of /mod/settings/).")

    def handle(self, *args, days, **options):
        if days is None:
            days = board_settings().recycle_bin_days
        topics, posts = purge_recycle_bin(days)
        self.stdout.write(f"Purged {topics} topic(s) and {posts} post(s) deleted more than {days} days ago.")
