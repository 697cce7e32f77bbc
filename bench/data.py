"""The bench's data set, the same on every machine: members, forums, topics and bilingual posts, with one long topic.

Rows are written the way posting writes them (content through forum.content.sanitize_html, consecutive positions,
each topic's first post by its author), in bulk, and the counters are then computed by moderation.counters, the code
behind `manage.py repair_counters`. Sizes: DEFAULT runs in minutes on two cores; FULL is the issue's comparison set.
"""

import random
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

# Sentences to build bodies from: the demo board's own English and Chinese text.
from forum.demo_seed import _EN_SECTIONS, _ZH_SECTIONS


@dataclass(frozen=True)
class Size:
    members: int
    topics: int
    posts: int  # all posts, the long topic's included
    long_topic_posts: int


DEFAULT = Size(members=200, topics=400, posts=20_000, long_topic_posts=5_001)
FULL = Size(members=200, topics=2_000, posts=100_000, long_topic_posts=5_001)
LONG_TOPIC_TITLE = "The long topic: 5,000 replies | 长主题:五千条回复"
START = datetime(2024, 1, 1, tzinfo=timezone.utc)

_EN = [lead + text for _h, items in _EN_SECTIONS for lead, text in items]
_ZH = [lead + text for _h, items in _ZH_SECTIONS for lead, text in items]


class Progress:
    """A one-line progress bar on standard error."""

    def __init__(self, label, total):
        self.label, self.total, self.done, self.shown = label, max(total, 1), 0, -1

    def add(self, n=1):
        self.done += n
        percent = self.done * 100 // self.total
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4)
            sys.stderr.write(f"\r{self.label:<10} [{bar:<25}] {percent:3d}%")
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def body(rng, n):
    """A post of one to three paragraphs, English and Chinese, sometimes with a list: about 600 bytes of HTML."""
    parts = []
    for _ in range(rng.randint(1, 3)):
        parts.append(f"<p>{rng.choice(_EN)}</p>" if rng.random() < 0.5 else f"<p>{rng.choice(_ZH)}</p>")
    if n % 7 == 0:
        parts.append("<ul>" + "".join(f"<li>{rng.choice(_ZH)[:30]}</li>" for _ in range(3)) + "</ul>")
    if n % 11 == 0:
        parts.append(f"<p><strong>{rng.choice(_EN)[:40]}</strong> {rng.choice(_ZH)[:40]}</p>")
    return "".join(parts)


def build(size, seed=2024):
    """Fill an empty, migrated database. Returns the long topic."""
    from django.db import transaction

    from accounts.models import MemberGroup, User
    from forum.content import sanitize_html
    from forum.models import Category, Forum, Post, Topic, unicode_slug
    from moderation import counters

    rng = random.Random(seed)
    # Bodies from a pool, each sanitized once as posting would (sanitizing 100,000 posts one by one takes minutes).
    pool = [sanitize_html(body(rng, n)) for n in range(1, 1001)]
    members_group = MemberGroup.objects.get(name="Members")
    progress = Progress("members", size.members)
    members = []
    for n in range(size.members):
        member = User(username=f"member{n:03d}" if n % 3 else f"成员{n:03d}", email=f"member{n}@example.org",
                      primary_group=members_group, date_joined=START)
        member.set_unusable_password()
        member.save()
        members.append(member)
        progress.add()

    forums = []
    for c, (en, zh) in enumerate([("General", "综合"), ("Science", "科学"), ("Policy", "政策"), ("Help", "帮助"),
                                  ("Off topic", "闲聊")]):
        category = Category.objects.create(name=f"{en} | {zh}", order=c)
        for f in range(2):
            forums.append(Forum.objects.create(category=category, name=f"{en} {f + 1} | {zh}{f + 1}",
                                               description=f"{en} discussions, part {f + 1}.", order=f))
    largest = forums[0]

    # Topics: a third in the largest forum, the rest spread evenly; the long topic first, in the largest forum.
    progress = Progress("topics", size.topics)
    topics = []
    with transaction.atomic():
        for n in range(size.topics):
            forum = largest if n % 3 == 0 else forums[1 + n % (len(forums) - 1)]
            title = LONG_TOPIC_TITLE if n == 0 else f"{rng.choice(_EN)[:60].rstrip()} | {rng.choice(_ZH)[:20]} #{n}"
            author = members[n % len(members)]
            at = START + timedelta(minutes=n * 7)
            topics.append(Topic(forum=forum, title=title, slug=unicode_slug(title, "topic"), author=author,
                                author_name=author.username, created_at=at, last_post_at=at,
                                view_count=rng.randint(0, 5000)))
            progress.add()
        Topic.objects.bulk_create(topics, batch_size=1000)

    # Posts: the long topic gets its 5,001; the others share the rest (at least one each, their author's first).
    shares = [size.long_topic_posts] + [1] * (size.topics - 1)
    for _ in range(size.posts - sum(shares)):
        shares[1 + rng.randrange(size.topics - 1)] += 1
    progress = Progress("posts", size.posts)
    batch = []
    with transaction.atomic():
        for topic, count in zip(topics, shares):
            for position in range(1, count + 1):
                author = topic.author if position == 1 else members[rng.randrange(len(members))]
                at = topic.created_at + timedelta(minutes=position)
                batch.append(Post(topic=topic, position=position, author=author, author_name=author.username,
                                  content=pool[rng.randrange(len(pool))], created_at=at,
                                  ip_address=f"192.0.2.{position % 250 + 1}"))
                if len(batch) == 2000:
                    Post.objects.bulk_create(batch)
                    progress.add(len(batch))
                    batch = []
        if batch:
            Post.objects.bulk_create(batch)
            progress.add(len(batch))

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, before the counters' queries over every row
    sys.stderr.write("counters   (moderation.counters, as `manage.py repair_counters`)\n")
    with transaction.atomic():
        counters.recount_topics(Topic.objects.all())
        counters.recount_forums(Forum.objects.all())
        counters.recount_users(User.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return topics[0]
