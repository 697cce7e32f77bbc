"""Benchmark: search, the activity stream and the feeds on a board of 100,000 bilingual posts.

Run:  .venv/bin/python -m config.localdb --require-postgres -- .venv/bin/python bench/search.py [--posts 100000]

It makes a throwaway database (bench_search_<name>, so the test suite can run beside it), fills it with topics of 50
posts in five forums (one of them closed to guests, and some posts hidden), English and Chinese mixed as on the demo
board, then asks for each page as a guest through Django's test client (no network, no server in the way) and prints
the SQL query count and the median and 95th-percentile time per request. The claims it checks: a search for a common
English word and for 协议 costs a fixed, small number of queries and tens of milliseconds, like the topic page beside
it; page 20 of the activity stream costs what page 1 does.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("HTTPS", "0")  # the test client speaks plain HTTP

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402

ENGLISH = ("science technology agreement cooperation research university student exchange policy energy health "
           "agriculture climate data security export control funding project laboratory review renewal talks "
           "government ministry commission joint program visa report innovation partnership talent").split()
CHINESE = ["中美", "科技", "合作", "协议", "协定", "研究", "大学", "学生", "交流", "政策", "能源", "健康", "农业", "气候",
           "数据", "安全", "出口", "管制", "资金", "项目", "实验室", "审查", "续签", "谈判", "政府", "创新", "伙伴", "人才",
           "的", "和", "在", "是", "了", "与"]
POSTS_PER_TOPIC = 50
FORUMS = 5


def text(rng, words=60):
    """A post of English and Chinese words, as the demo board mixes them (protocols 协议 in about one in six)."""
    parts = []
    for _ in range(words):
        if rng.random() < 0.5:
            parts.append(rng.choice(ENGLISH))
        else:
            parts.append("".join(rng.choice(CHINESE) for _ in range(rng.randint(1, 4))))
    return "<p>" + " ".join(parts) + "。</p>"


def build_board(posts):
    from accounts.models import MemberGroup, User
    from forum.models import Category, Forum, ForumPermission, Post, Topic, unicode_slug

    rng = random.Random(12)
    author, _ = User.objects.get_or_create(username="bench", defaults={
        "email": "bench@example.org", "primary_group": MemberGroup.objects.get(name="Members")})
    category = Category.objects.create(name="Bench")
    forums = [Forum.objects.create(category=category, name=f"Forum {n}") for n in range(FORUMS)]
    ForumPermission.objects.create(forum=forums[-1], group=None, can_see=False, can_read=False)
    topics_needed = max(1, posts // POSTS_PER_TOPIC)
    started = time.perf_counter()
    for first in range(0, topics_needed, 100):
        titles = [f"Topic {n}: " + " ".join(rng.sample(ENGLISH, 3)) + " " + "".join(rng.sample(CHINESE, 3))
                  for n in range(first, min(first + 100, topics_needed))]
        topics = Topic.objects.bulk_create(
            Topic(forum=forums[n % FORUMS], title=title, slug=unicode_slug(title, "topic"), author=author,
                  author_name="bench", post_count=POSTS_PER_TOPIC, last_position=POSTS_PER_TOPIC)
            for n, title in enumerate(titles, start=first))
        Post.objects.bulk_create(
            [Post(topic=topic, position=p, author=author, author_name="bench", content=text(rng),
                  state=Post.State.HIDDEN if p > 1 and rng.random() < 0.02 else Post.State.VISIBLE)
             for topic in topics for p in range(1, POSTS_PER_TOPIC + 1)], batch_size=5000)
        done = min(first + 100, topics_needed) * POSTS_PER_TOPIC
        print(f"\r  {done:,} posts written and indexed ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Topic.objects.filter(forum=forums[0]).order_by("pk").first()


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
    html = response.content.decode()
    count = re.search(r'class="search-count"[^>]*>\s*([^<:]*)', html)
    return len(queries), statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keep", action="store_true",
                        help="keep the database for the next run (which then reuses the board it holds)")
    args = parser.parse_args()

    from django.test.utils import setup_databases, teardown_databases

    setup_test_environment()
    settings.AGORA_SEARCH_RATE = "1000000/m"  # the benchmark is one visitor asking many times
    # Its own throwaway database, so the test suite (test_<name>) can run beside it.
    database = connection.settings_dict
    database["TEST"] = {**database.get("TEST", {}), "NAME": f"bench_search_{database['NAME']}"}
    old = setup_databases(verbosity=0, interactive=False, keepdb=args.keep)
    try:
        from forum.models import Post, Topic

        if args.keep and Post.objects.count() == args.posts:
            print(f"Reusing the board of {args.posts:,} posts in {database['TEST']['NAME']}.")
            topic = Topic.objects.order_by("pk").first()
        else:
            if Post.objects.exists():
                sys.exit(f"{database['TEST']['NAME']} holds another board: run once without --keep to drop it.")
            print(f"Building a board of {args.posts:,} posts...")
            topic = build_board(args.posts)
        client = Client()
        from activity.queries import newest_posts
        from django.contrib.auth.models import AnonymousUser

        cursor = None
        for _ in range(19):  # where page 20 of the activity stream starts
            _posts, cursor = newest_posts(AnonymousUser(), before=cursor)
        rows = [
            ("topic page (guest, page cache)", topic.get_absolute_url()),
            ("topic page (guest, past the cache)", topic.get_absolute_url() + "?uncached"),
            ("search 'research' (common English)", "/search/?q=research"),
            ("search 'research', newest first", "/search/?q=research&sort=newest"),
            ("search 'research', page 10", "/search/?q=research&page=10"),
            ("search 协议", "/search/?q=%E5%8D%8F%E8%AE%AE"),
            ("search 科技协议", "/search/?q=%E7%A7%91%E6%8A%80%E5%8D%8F%E8%AE%AE"),
            ("search 协 (one character)", "/search/?q=%E5%8D%8F"),
            ("search 'STA 协议 renewal' (mixed)", "/search/?q=renewal+%E5%8D%8F%E8%AE%AE"),
            ("search 'research', topics only", "/search/?q=research&topics_only=on"),
            ("activity, page 1", "/activity/"),
            ("activity, page 20", f"/activity/?before={cursor}"),
            ("board feed", "/feeds/topics/"),
        ]
        print(f"{'page':<38} {'queries':>8} {'median ms':>10} {'p95 ms':>8}  results")
        for label, url in rows:
            queries, median, p95, count = measure(client, url, args.rounds)
            print(f"{label:<38} {queries:>8} {median:>10.2f} {p95:>8.2f}  {count[1].strip() if count else ''}")
    finally:
        teardown_databases(old, verbosity=0, keepdb=args.keep)
        teardown_test_environment()


if __name__ == "__main__":
    main()
