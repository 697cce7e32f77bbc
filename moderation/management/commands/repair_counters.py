from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from forum.models import Forum, Topic
from moderation import counters


class Command(BaseCommand):
    help = "Recompute every topic, forum and member counter from the posts, and report what changed."

    def handle(self, *args, **options):
        with transaction.atomic():
            changes = (counters.recount_topics(Topic.objects.all()) + counters.recount_forums(Forum.objects.all())
                       + counters.recount_users(get_user_model().objects.all()))
        for obj, field, old, new in changes:
            self.stdout.write(f"{type(obj)._meta.model_name} {obj.pk} ({obj}): {field} {old} -> {new}")
        self.stdout.write(f"{len(changes)} counter(s) repaired." if changes else "All counters were right.")
