from django.conf import settings


def board(request):
    """What the frame of every page needs: the site's name and whether guests still see the notice."""
    return {
        "site_name": settings.SITE_NAME,
        "show_guest_notice": not request.user.is_authenticated
        and settings.AGORA_NOTICE_COOKIE not in request.COOKIES,
    }
