"""Every page of a topic is read through the (topic, position) index, page 1 of a long topic included."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from forum import queries


def test_every_page_of_a_long_topic_reads_posts_by_topic_and_position(make_topic):
    topic = make_topic(posts=400)
    last = queries.page_count(topic)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forum_post")
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'forum_post' AND indexdef LIKE %s",
                       ["%(topic_id%"])
        indexes = {name for (name,) in cursor.fetchall()}
        assert indexes == {"post_unique_position"}  # no single-column topic index for the planner to pick instead
        for page in (1, last // 2, last):
            cursor.execute("SET LOCAL enable_seqscan = off")  # a small test table would be read whole otherwise
            cursor.execute(f"EXPLAIN {_posts_query(topic, page)}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "post_unique_position" in plan, plan


def _posts_query(topic, page):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        queries.topic_posts(topic, page, AnonymousUser())
    return captured[-1]["sql"]  # as sent, parameters included
