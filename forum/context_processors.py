from django.conf import settings


def board(request):
    """What the frame of every page needs: the site's name and whether guests still see the notice."""
    return {
        "site_name": settings.SITE_NAME,
        # No user yet on an error page drawn before authentication ran (e.g. the 400 for a bad Host header).
        "show_guest_notice": not getattr(getattr(request, "user", None), "is_authenticated", False)
        and settings.AGORA_NOTICE_COOKIE not in request.COOKIES,
    }
