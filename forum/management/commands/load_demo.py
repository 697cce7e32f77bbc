"""Load the demo board: the seed topic of the saved Invision page, its administrator, and a few other topics.

Running it again changes nothing: every object is looked up before it is made. The administrator's password is
AGORA_ADMIN_PASSWORD when set, otherwise a random one printed once, when the account is first made.
"""

import os
import secrets
from datetime import datetime, timedelta, timezone as dt_timezone

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import MemberGroup, User
from forum import services
from forum.demo_seed import FIRST_POST, SECOND_POST, SEED_TITLE
from forum.demo_topics import (
    GENERAL_BODY, GENERAL_REPLIES, GENERAL_TITLES, LONG_REPLIES, LONG_TITLE, MEMBERS, TOPICS,
)
from forum.models import Category, Forum, Topic
from forum.signals import demo_loaded

ADMIN_USERNAME = "admin"
# Guests may post now and register later in these demo forums (the seed topic's forum among them).
GUEST_POST_FORUMS = {"policy", "general"}
START = datetime(2024, 5, 20, 9, 30, tzinfo=dt_timezone.utc)

CATEGORIES = [
    ("Science & Technology Policy | 科技政策", [
        ("policy", "US–China Science Cooperation | 中美科技合作",
         "Agreements, policy and news on science and technology cooperation between the United States and China."),
        ("research", "Research & Academia | 科研与学术", "Working across borders: co-authoring, travel, data and funding."),
    ]),
    ("Community | 社区", [
        ("announce", "Announcements | 公告", "News about this board."),
        ("general", "General Discussion | 综合讨论", "Everything else, in English or Chinese."),
    ]),
]


class Command(BaseCommand):
    help = "Load the demo board (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self.load()
        self.stdout.write(self.style.SUCCESS("Demo board loaded." if created else "Demo board already loaded."))

    def load(self):
        admin = self.member(ADMIN_USERNAME, "admin@example.org", group="Administrators", admin=True)
        members = {name: self.member(name, email) for name, email in MEMBERS.items()}
        members[ADMIN_USERNAME] = admin
        forums = {}
        for c_order, (c_name, forum_rows) in enumerate(CATEGORIES):
            category, _ = Category.objects.get_or_create(name=c_name, defaults={"order": c_order})
            for f_order, (key, name, description) in enumerate(forum_rows):
                forums[key], _ = Forum.objects.get_or_create(
                    category=category, name=name, defaults={"description": description, "order": f_order,
                                                            "allow_guest_posts": key in GUEST_POST_FORUMS})

        if Topic.objects.filter(title=SEED_TITLE).exists():
            return False
        at = START
        self.topic(forums["policy"], admin, SEED_TITLE, FIRST_POST, [(admin, SECOND_POST)], at)
        for n, (key, title, author, body, replies) in enumerate(TOPICS, start=1):
            self.topic(forums[key], members[author], title, body,
                       [(members[a], text) for a, text in replies], at + timedelta(days=3 * n))
        names = list(members.values())
        for n, title in enumerate(GENERAL_TITLES):
            replies = [(names[(n + i) % len(names)], GENERAL_REPLIES[(n + i) % len(GENERAL_REPLIES)])
                       for i in range(n % 4)]
            self.topic(forums["general"], names[n % len(names)], title, GENERAL_BODY, replies,
                       at + timedelta(days=2 * n, hours=n))
        weekly = [(names[i % len(names)], f"Week {i + 1}: {GENERAL_REPLIES[i % len(GENERAL_REPLIES)]}")
                  for i in range(LONG_REPLIES)]
        self.topic(forums["policy"], admin, LONG_TITLE, "One post a week with the headlines we noticed. 每周一帖。",
                   weekly, at + timedelta(days=1), gap=timedelta(days=7))
        topic = Topic.objects.get(title=SEED_TITLE)
        Topic.objects.filter(pk=topic.pk).update(view_count=1287)
        demo_loaded.send(Topic, seed_topic=topic, admin=admin)
        return True

    def topic(self, forum, author, title, body, replies, at, gap=timedelta(hours=5)):
        topic = services.create_topic(forum, author, title, body, at=at)
        for i, (replier, text) in enumerate(replies, start=1):
            services.reply(topic, replier, text, at=at + gap * i)
        return topic

    def member(self, username, email, group="Members", admin=False):
        user = User.objects.filter(username=username).first()
        if user:
            return user
        user = User(username=username, email=email, primary_group=MemberGroup.objects.get(name=group),
                    date_joined=START - timedelta(days=400))
        if admin:
            chosen = os.environ.get("AGORA_ADMIN_PASSWORD")
            password = chosen or secrets.token_urlsafe(12)
            user.set_password(password)
            if not chosen:
                self.stdout.write(self.style.WARNING(
                    f"Demo administrator created: sign in as '{username}' with the password {password} "
                    "(shown only this once; set AGORA_ADMIN_PASSWORD to choose one)."))
        else:
            user.set_unusable_password()
        user.save()
        self.verify_email(user)
        return user

    @staticmethod
    def verify_email(user):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
