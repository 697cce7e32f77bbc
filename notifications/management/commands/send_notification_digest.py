from django.core.management.base import BaseCommand

from notifications.tasks import send_digests


class Command(BaseCommand):
    help = "Email each member the day's digest of notifications (run once a day, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true",
                            help="Hand the digest to the task worker instead of sending it from this process.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            send_digests.enqueue()
            self.stdout.write("Digest queued for the worker.")
        else:
            sent = send_digests.call()
            self.stdout.write(f"Digests sent: {sent}")
