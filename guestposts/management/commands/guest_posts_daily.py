from django.core.management.base import BaseCommand

from guestposts import services


class Command(BaseCommand):
    help = ("Posts written before registering: email one reminder to guests whose reply has waited 2 days, and "
            "remove the replies nobody adopted within 14 days. Run once a day (see README).")

    def handle(self, *args, **options):
        sent = services.send_reminders()
        removed = services.purge_expired()
        self.stdout.write(f"Reminders sent: {sent}. Expired replies removed: {removed}.")
