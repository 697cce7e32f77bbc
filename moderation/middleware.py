from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from forum.http import client_ip
from forum.permissions import viewer

from .bans import ban_message
from .ip_bans import ip_ban_for


def sign_out_banned_members(get_response):
    """A member banned while signed in (their account, their email address or domain, or the IP range they come
    from) is signed out at their next request; sign-in itself is refused by the account adapter. The member and email
    look-up is the one forum.permissions caches for the request, and the IP ranges come from the cache, so a page
    pays no query for this."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ban = viewer(user).ban() or ip_ban_for(client_ip(request))
            if ban:
                logout(request)
                messages.error(request, _("Connections from your IP address are banned on this board.")
                               if ban.kind == ban.Kind.IP else ban_message(ban))
        return get_response(request)

    return middleware
