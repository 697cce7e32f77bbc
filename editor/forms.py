"""Turns a posting form's textarea into the rich-text editor (the textarea stays: without JavaScript it is the form)."""

from django.urls import reverse

from forum import permissions

from . import services


def enhance(form, user, topic=None, forum=None, post=None):
    """Set the data attributes the editor script reads on `form`'s content textarea, for a reply to `topic`, a
    new topic in `forum`, or an edit of `post`. A member's server-side draft of a reply or a new topic rides along,
    for the script to offer back; an edit keeps its unsaved changes in the browser only."""
    attrs = form.fields["content"].widget.attrs
    if post:
        key = f"post-{post.pk}-edit"
    else:
        key = f"topic-{topic.pk}" if topic else f"forum-{forum.pk}-new"
    attrs.update({
        "data-forum-editor": "",
        "data-autosave-key": key,
    })
    if user.is_authenticated:
        attrs["data-mentions-url"] = reverse("editor:members")
    if topic and not post:
        attrs["data-collapsed"] = ""  # "Reply to this topic..." stays one line until it is focused
    place = forum or (topic.forum if topic else post.topic.forum)
    if permissions.can_upload(user, place):
        from attachments.checks import accept_attribute

        attrs["data-upload-url"] = reverse("attachments:upload", kwargs={"forum": place.pk})
        attrs["data-upload-accept"] = accept_attribute()
        # The quota line ("12.4 MB of 50 MB used") is fetched when the editor opens: the page's query budget stays.
        attrs["data-upload-quota-url"] = reverse("attachments:quota")
    if user.is_authenticated and not post:
        attrs["data-draft-url"] = reverse("editor:draft")
        attrs["data-draft-place"] = f"topic={topic.pk}" if topic else f"forum={forum.pk}"
        draft = services.get_draft(user, topic=topic, forum=forum)
        if draft is not None and not form.is_bound:
            attrs["data-server-draft"] = draft.content
            attrs["data-server-draft-time"] = str(int(draft.updated_at.timestamp() * 1000))
    return form
