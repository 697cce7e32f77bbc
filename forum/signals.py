"""What happened to the board's content, for the apps built on forum (search, notifications, attachments...).

forum imports none of them: they listen here. Each signal is sent inside the write's transaction, after the rows are
written, so a receiver that writes (an index, a link table) commits or rolls back with the post; a receiver that
sends something (mail, a task) should wait with `transaction.on_commit`.
"""

from django.dispatch import Signal

# A post was stored or its content changed: kwargs `post`, `created` (False for an edit), `actor` (who wrote it; None
# for a guest), and for an edit of its content `previous_content` (the stored HTML it replaced). Sent for every state,
# including posts held for approval and replies awaiting registration.
post_saved = Signal()

# A post became visible to readers of its topic for the first time: kwargs `post`, `actor` (who made it visible: the
# author for a reply published at once, a moderator for an approval). The topic's own first post included.
post_published = Signal()

# A post or topic changed state or place (hidden, restored, deleted, approved, moved, merged, split): kwargs
# `post_ids` and `topic_ids` (what changed; either may be empty), `action` (a short name such as "hide"), `actor`.
content_changed = Signal()

# The demo board was just loaded (manage.py load_demo, the first time): kwargs `seed_topic` (the topic of the saved
# Invision page) and `admin` (the demo administrator). Apps built on forum add their own demo content here.
demo_loaded = Signal()
# A reader opened page `page` of `topic`: kwargs `topic`, `viewer` (maybe a guest), `page`. Sent by the topic page's
# GET, outside any transaction: a receiver may do one small write for a member (read progress), never for a guest.
# `topic` carries the columns the receivers of topic_page_columns asked for.
topic_viewed = Signal()

# The topic page is about to load its topic (forum.queries.topics_for_page): kwargs `viewer`. A receiver returns a dict
# {attribute name: query expression} of what its part of the page needs about the topic and the viewer (the follower
# count, whether the member follows it, how far they have read), which forum adds to the topic's own query: a feature
# on the topic page costs no query of its own. Names are the receiver's to choose; prefix them with the app's name.
topic_page_columns = Signal()

# The topic page is about to draw a page of posts (forum.fragments.PostArticles): kwargs `request`, `topic`, `posts`.
# Each post's whole HTML is cached, keyed by a digest of everything it shows to this reader; what forum knows (the
# post's row, its author, the reader's tools, may edit / may delete) is in the key already. An app whose template tag
# draws a part of each post from anything else (reactions, attachments, recommendations) answers {post id: state}:
# a value (of plain types: it is digested through its repr) that changes whenever its part of that post would change
# for this reader. An app that leaves something out would show one reader's part to another: put in everything the
# part shows, and connect the receiver in the app's ready().
post_article_state = Signal()

# Who may read what changed without any content changing: a forum's permission grid was saved (kwarg `forum_ids`) or
# members changed group, gained or lost a moderator assignment, a staff flag of their group, or two-factor
# authentication (kwarg `member_ids`; forum.receivers sends those from the model and allauth signals); `actor` too
# (None where unknown). Sent inside the write's transaction; apps that remember what
# a member could see (the bell's count) recheck it after the commit.
access_changed = Signal()
