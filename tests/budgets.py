"""Query budgets that several tests share."""

# The topic page, whatever the topic's size and page: the ceiling it had before follows, notifications and unread
# markers (issue 13) came, which add no query of their own. The follower count, whether the member follows the
# topic, the stars they gave it and how far they have read come in the topic's own query
# (forum.signals.topic_page_columns); the bell's count is kept on the member's row (User.unread_notifications); the
# read-progress upsert is the one write, only when the member reads further than before. Today a guest's page costs 4
# queries, a member's 11 (10 when rereading).
TOPIC_PAGE_QUERIES = {"guest": 12, "member": 12}
