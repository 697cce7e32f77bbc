from django.core.management import call_command

from accounts.models import User
from forum.demo_seed import SEED_TITLE
from forum.models import Category, Forum, Post, Topic


def test_demo_topic_page_shows_the_seed_topic(client, demo_board):
    topic = Topic.objects.get(title=SEED_TITLE)
    response = client.get(topic.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert SEED_TITLE in html
    assert 'class="skip-link" href="#content"' in html and "Jump to content" in html
    assert html.count("Administrators</li>") == 2  # a badge beside each of the two posts
    first, second = topic.posts.order_by("position")
    assert f'id="comment-{first.pk}"' in html and f'id="comment-{second.pk}"' in html
    # Faithful structure: headings, bold lead-ins in numbered lists, the CRS link, both languages.
    assert "<h3>Historical Context and Evolution</h3>" in html
    assert "<li><p><strong>Origins and Initial Purpose:</strong>" in html
    assert 'href="https://crsreports.congress.gov/" rel="nofollow ugc noopener"' in html
    assert "起源及初衷" in html and "中美科技合作协定涉及多个重要领域" in html


def test_demo_administrator_is_in_the_administrators_group(demo_board):
    topic = Topic.objects.get(title=SEED_TITLE)
    assert topic.author.primary_group.name == "Administrators"
    assert set(topic.posts.values_list("author", flat=True)) == {topic.author_id}
    assert topic.author.has_usable_password()


def test_loading_the_demo_twice_changes_nothing(demo_board):
    def snapshot():
        return (
            list(User.objects.order_by("pk").values_list("pk", "username", "post_count", "password")),
            list(Category.objects.values_list("pk", "name")),
            list(Forum.objects.order_by("pk").values_list("pk", "topic_count", "post_count", "last_post")),
            list(Topic.objects.order_by("pk").values_list("pk", "post_count", "view_count", "last_post")),
            Post.objects.count(),
        )

    before = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == before


def test_demo_has_enough_topics_to_paginate(client, demo_board):
    general = Forum.objects.get(name__startswith="General")
    assert general.topic_count > 25
    response = client.get(general.get_page_url(2))
    assert response.status_code == 200
    assert 'aria-current="page">2<' in response.content.decode()


def test_demo_password_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("AGORA_ADMIN_PASSWORD", "a long chosen password")
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert User.objects.get(username="admin").check_password("a long chosen password")


def test_the_demo_recommends_a_post_of_the_seed_topic_with_a_note(client, demo_board):
    topic = Topic.objects.get(title=SEED_TITLE)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Recommended Posts" in html and "in one post. 协定涉及的领域及失效的影响" in html
