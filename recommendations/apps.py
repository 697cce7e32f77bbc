from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from moderation.signals import posts_moved


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommended posts")

    def ready(self):
        from .services import follow_moved_posts  # models are ready only now

        posts_moved.connect(follow_moved_posts, dispatch_uid="recommendations.follow_moved_posts")
