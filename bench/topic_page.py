"""Benchmark: the topic page's cost on its first and last page, for topics of growing size.

Run:  .venv/bin/python -m config.localdb --require-postgres -- .venv/bin/python bench/topic_page.py [--posts 30 1000 10000]

It makes a throwaway database (test_<name>), fills it, requests each page through Django's test client (no network
and no server in the way), and prints the SQL query count and the median and 95th-percentile time per request.
The claim it checks: the query count is the same for every size and page, and the last page of a long topic costs
what its first page costs.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402


def build_topic(posts):
    from accounts.models import MemberGroup, User
    from forum import services
    from forum.models import Category, Forum, Post, Topic

    author, _ = User.objects.get_or_create(username="bench", defaults={
        "email": "bench@example.org", "primary_group": MemberGroup.objects.get(name="Members")})
    category, _ = Category.objects.get_or_create(name="Bench")
    forum, _ = Forum.objects.get_or_create(category=category, name="Bench")
    topic = services.create_topic(forum, author, f"Topic of {posts} posts", "<p>Post 1</p>")
    batch = [Post(topic=topic, position=n, author=author, author_name="bench", content=f"<p>Post {n} " + "lorem ipsum " * 40 + "</p>")
             for n in range(2, posts + 1)]
    Post.objects.bulk_create(batch, batch_size=2000)
    Topic.objects.filter(pk=topic.pk).update(last_position=posts, post_count=posts)
    topic.refresh_from_db()
    return topic


def measure(client, url, rounds):
    client.get(url)  # warm up
    times = []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return len(queries), statistics.median(times), times[int(len(times) * 0.95) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, nargs="+", default=[30, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()

    from django.test.utils import setup_databases, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        client = Client()
        print(f"{'posts':>7} {'page':>6} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
        for size in args.posts:
            topic = build_topic(size)
            from forum.queries import page_count

            last = page_count(topic)
            for label, page in (("first", 1), ("last", last)):
                queries, median, p95 = measure(client, topic.get_page_url(page), args.rounds)
                print(f"{size:>7} {label:>6} {queries:>8} {median:>10.2f} {p95:>8.2f}")
    finally:
        teardown_databases(old, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
