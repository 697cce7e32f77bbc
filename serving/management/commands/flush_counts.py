from django.core.management.base import BaseCommand

from accounts.services import flush_last_seen
from forum.services import flush_view_counts


class Command(BaseCommand):
    help = ("Write what pages counted in the shared cache (topic views, members' last-seen times) to the database. "
            "Run every minute or so from a timer; safe on several servers at once.")

    def handle(self, *args, **options):
        views = flush_view_counts()
        members = flush_last_seen()
        self.stdout.write(f"{views} views, {members} last-seen times written.")
