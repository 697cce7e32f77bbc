from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommended posts")

    def ready(self):
        from moderation.signals import posts_moved

        from .services import follow_moved_posts

        posts_moved.connect(follow_moved_posts, dispatch_uid="recommendations.follow_moved_posts")
