"""Events of moderation's writes that feature apps follow without moderation importing them."""

from django.dispatch import Signal

# An existing post's content was replaced (moderation.services.edit_post), inside the edit's transaction; a receiver
# that raises forum.services.PostingRefused undoes the edit. Arguments: post (with its new content), editor.
post_edited = Signal()
