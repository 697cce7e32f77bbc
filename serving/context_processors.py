class _NoToken:
    """Renders as an empty value; true, so that `{% csrf_token %}` still writes its (empty) hidden field."""

    def __bool__(self):
        return True

    def __str__(self):
        return ""


NO_TOKEN = _NoToken()


def no_token_on_cached_pages(request):
    """A page that the guest page cache will share carries no CSRF token: `{% csrf_token %}` writes its field
    empty (and so no csrftoken cookie is set). static/js/form-token.js fills it in when such a form is used."""
    if getattr(request, "shared_page", False):
        return {"csrf_token": NO_TOKEN}
    return {}
