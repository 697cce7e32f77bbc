"""Benchmark: a reply in a topic with many followers, on the request's side and on the worker's.

Run:  .venv/bin/python -m config.localdb --require-postgres -- .venv/bin/python bench/notification_fanout.py \
          [--followers 0 500 5000]

It makes a throwaway database (test_<name>), gives a topic N followers, and prints, for each N: the time and query
count of the reply itself (forum.services.reply, as the request runs it: it only queues the delivery), and the time
and query count of the delivery that the workers then run (notifications.services.deliver_post_to_members over every
follower: one visibility check per follower, one bulk insert; split into tasks of 500 followers in production). The claim it checks: the reply costs the same whatever N; the delivery grows with N,
outside the request.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402


def timed(function):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = function()
        elapsed = (time.perf_counter() - start) * 1000
    return result, len(queries), elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--followers", type=int, nargs="+", default=[0, 500, 5000])
    args = parser.parse_args()

    from django.test.utils import setup_databases, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from accounts.models import MemberGroup, User
        from allauth.account.models import EmailAddress
        from follows.models import Follow
        from forum import services
        from forum.models import Category, Forum
        from notifications.models import Notification
        from notifications.services import deliver_post_to_members, post_kinds

        members = MemberGroup.objects.get(name="Members")
        author = User.objects.create(username="bench-author", email="a@example.org", primary_group=members)
        EmailAddress.objects.create(user=author, email=author.email, verified=True, primary=True)
        forum = Forum.objects.create(category=Category.objects.create(name="Bench"), name="Bench")
        print(f"{'followers':>9} {'reply q':>8} {'reply ms':>9} {'deliver q':>10} {'deliver ms':>11} {'made':>6}")
        for n in args.followers:
            topic = services.create_topic(forum, author, f"{n} followers", "<p>first</p>")
            users = User.objects.bulk_create(
                User(username=f"f{n}-{i}", email=f"f{n}-{i}@example.org", primary_group=members) for i in range(n))
            Follow.objects.bulk_create((Follow(member=u, topic=topic) for u in users), batch_size=2000)
            post, reply_queries, reply_ms = timed(lambda: services.reply(topic, author, "<p>news</p>"))
            # All the workers' work together (the worker splits it into tasks of DELIVERY_CHUNK members).
            made, deliver_queries, deliver_ms = timed(
                lambda: deliver_post_to_members(post, list(post_kinds(post).items())))
            assert Notification.objects.filter(post=post).count() == made == n
            print(f"{n:>9} {reply_queries:>8} {reply_ms:>9.1f} {deliver_queries:>10} {deliver_ms:>11.1f} {made:>6}")
    finally:
        teardown_databases(old, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
