"""Helpers for the follows / notifications / unread tests."""

from forum import services


def mention(member):
    """A mention as the editor sends it (the server rebuilds it into a profile link)."""
    return f'<span data-type="mention" data-id="{member.pk}">@{member.username}</span>'


def quote(post):
    return (f'<blockquote data-quote-post="{post.pk}" data-quote-author="{post.author.username}">'
            f"<p>quoted words</p></blockquote>")


def reply(capture, topic, author, html):
    """Reply through forum's service and run what waits for the commit (the tasks, immediately in tests)."""
    with capture(execute=True):
        return services.reply(topic, author, html)


def start_topic(capture, forum, author, title="New topic", html="<p>hello</p>"):
    with capture(execute=True):
        return services.create_topic(forum, author, title, html)
