def page_links(current, total, around=2):
    """Page numbers to show in a pager: the first, the last, and a window around the current page, with None
    where pages are left out. page_links(10, 24) -> [1, None, 8, 9, 10, 11, 12, None, 24]."""
    shown = {1, total, *range(current - around, current + around + 1)}
    links, previous = [], 0
    for number in sorted(n for n in shown if 1 <= n <= total):
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links
