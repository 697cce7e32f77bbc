from django.utils.functional import cached_property

from forum.permissions import viewer


class ModeratorNav:
    """Asked by the header's menu only: no query unless a signed-in member's menu is drawn."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def any(self):
        return self.user.is_authenticated and viewer(self.user).moderates()

    @cached_property
    def members(self):
        """May search members and open their moderation pages (moderation.members)."""
        from .members import may_use_member_tools

        return may_use_member_tools(self.user)


def moderation(request):
    return {"mod_nav": ModeratorNav(request.user)} if hasattr(request, "user") else {}
