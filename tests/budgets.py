"""Query budgets that several tests share."""

# The topic page, whatever the topic's size and page: 12 for the page itself, plus the "Follow" button (follows: one
# query, for everyone), and for members the header's notification bell (notifications: one count) and the read-progress
# upsert (unread: one small write).
TOPIC_PAGE_QUERIES = {"guest": 13, "member": 15}
