from django.contrib import messages
from django.contrib.auth import logout

from forum.permissions import viewer

from .bans import ban_message


def sign_out_banned_members(get_response):
    """A member banned while signed in is signed out at their next request (sign-in itself is refused by the
    account adapter). The ban look-up is the one forum.permissions caches for the request, so pages that ask about
    posting pay nothing more."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ban = viewer(user).ban()
            if ban:
                logout(request)
                messages.error(request, ban_message(ban))
        return get_response(request)

    return middleware
