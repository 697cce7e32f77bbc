"""The real thing: a reply queues its delivery in the database (django-tasks' database backend), and the worker
process (`manage.py db_worker`) makes the notifications and sends the immediate email."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from follows.services import follow
from forum import services
from notifications.models import Kind, Notification

from .keeping_up import mention

ROOT = Path(__file__).resolve().parent.parent
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker():
    """`db_worker --batch`: run every task waiting (and those they queue), then exit. On the test database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings_test",
           "AGORA_TEST_TASKS": "database"}
    return subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_delivers_a_reply_to_followers_and_mentioned_members(make_topic, make_member):
    from django_tasks_db.models import DBTaskResult

    alice, bob, carol = make_member("alice"), make_member("bob"), make_member("carol")
    topic = make_topic(posts=2, title="Busy topic")
    follow(alice, topic)
    with override_settings(TASKS=DATABASE_BACKEND):
        post = services.reply(topic, bob, f"<p>hello {mention(carol)}</p>")
        # Posting only queued the work: nobody is notified until the worker runs.
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        assert not Notification.objects.exists()
        worker = run_worker()
    assert worker.returncode == 0, worker.stderr
    # `member` started the topic, and so follows it.
    assert {(n.recipient.username, n.kind) for n in Notification.objects.filter(post=post)} == {
        ("alice", Kind.REPLY), ("member", Kind.REPLY), ("carol", Kind.MENTION)}
    # The mention is emailed at once (by a second task the first one queued); the reply waits for the digest.
    carol_n = Notification.objects.get(recipient=carol, post=post)
    alice_n = Notification.objects.get(recipient=alice, post=post)
    assert carol_n.emailed_at is not None and alice_n.emailed_at is None
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert DBTaskResult.objects.count() == 2
