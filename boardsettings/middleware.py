def read_once_per_request(get_response):
    """The board settings are read at most once per request, however many checks ask (the reply box, each of the
    viewer's own posts...): the first read is kept for the rest of the request (boardsettings.store)."""
    from .store import request_scope

    def middleware(request):
        with request_scope():
            return get_response(request)

    return middleware
