from django.utils.functional import cached_property

from forum.permissions import viewer


class ModeratorNav:
    """Asked by the header's menu only: no query unless a signed-in member's menu is drawn."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def any(self):
        return self.user.is_authenticated and viewer(self.user).moderates()


def moderation(request):
    return {"mod_nav": ModeratorNav(request.user)} if hasattr(request, "user") else {}
