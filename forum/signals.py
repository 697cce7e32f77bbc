"""What happened to the board's content, for the apps built on forum (search, notifications, attachments...).

forum imports none of them: they listen here. Each signal is sent inside the write's transaction, after the rows are
written, so a receiver that writes (an index, a link table) commits or rolls back with the post; a receiver that
sends something (mail, a task) should wait with `transaction.on_commit`.
"""

from django.dispatch import Signal

# A post was stored or its content changed: kwargs `post`, `created` (False for an edit), `actor` (who wrote it; None
# for a guest). Sent for every state, including posts held for approval and replies awaiting registration.
post_saved = Signal()

# A post became visible to readers of its topic for the first time: kwargs `post`, `actor` (who made it visible: the
# author for a reply published at once, a moderator for an approval). The topic's own first post included.
post_published = Signal()

# A post or topic changed state or place (hidden, restored, deleted, approved, moved, merged, split): kwargs
# `post_ids` and `topic_ids` (what changed; either may be empty), `action` (a short name such as "hide"), `actor`.
content_changed = Signal()
