"""Member tools for staff: finding members by name, email or IP address ("members who used this IP", from sign-ins,
posts and the moderation log), and a member's moderation page. Staff only, two-factor included."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Post
from moderation.models import Moderator, SignIn, Warning
from moderation.signins import KEEP_PER_MEMBER

from .moderation_fixtures import fast_passwords, scene  # noqa: F401

SEARCH = reverse("moderation:member_search")


def search(client, q):
    return client.get(SEARCH, {"q": q})


def test_admin_finds_members_by_email_and_by_part_of_a_name(client, scene, admin_user):
    client.force_login(admin_user)
    page = search(client, "bob@example.org").content.decode()
    assert reverse("moderation:member", kwargs={"pk": scene["bob"].pk}) in page
    assert reverse("moderation:member", kwargs={"pk": scene["member"].pk}) not in page
    page = search(client, "MODD").content.decode()
    assert reverse("moderation:member", kwargs={"pk": scene["moderator"].pk}) in page
    assert "No member matches." in search(client, "nobody-at-all@example.org").content.decode()


def test_members_who_used_an_ip_come_from_sign_ins_posts_and_the_log(client, scene, admin_user):
    bob, moderator = scene["bob"], scene["moderator"]
    # bob signs in through the real form from 198.51.100.9; the moderator acts from it; member posted from it.
    client.post(reverse("account_login"), {"login": "bob", "password": "correct horse battery"},
                REMOTE_ADDR="198.51.100.9")
    assert SignIn.objects.filter(member=bob, ip_address="198.51.100.9").exists()
    services.reply(scene["topic"], scene["member"], "<p>from there</p>", ip_address="198.51.100.9")
    from moderation import services as moderation

    moderation.set_topic_flag(scene["topic"], "pin", moderator, ip_address="198.51.100.9")
    client.force_login(admin_user)
    response = search(client, " 198.51.100.9 ")
    page = response.content.decode()
    assert response.status_code == 200 and "Members who used 198.51.100.9" in page
    for user, source in ((bob, "sign-in"), (scene["member"], "post"), (moderator, "moderation log")):
        row = page.split(reverse("moderation:member", kwargs={"pk": user.pk}))[1].split("</tr>")[0]
        assert source in row
    assert reverse("moderation:member", kwargs={"pk": scene["other_mod"].pk}) not in page
    # The member's page lists the address, linked to this search.
    page = client.get(reverse("moderation:member", kwargs={"pk": bob.pk})).content.decode()
    assert "198.51.100.9" in page and f"{SEARCH}?q=198.51.100.9" in page


def test_an_ip_search_reads_only_posts_the_moderator_may_see(client, scene):
    hidden = services.reply(scene["topic"], scene["bob"], "<p>hidden words</p>", ip_address="192.0.2.44")
    Post.objects.filter(pk=hidden.pk).update(state=Post.State.HIDDEN)
    client.force_login(scene["other_mod"])  # holds every tool, in forum B only
    page = search(client, "192.0.2.44").content.decode()
    assert reverse("moderation:member", kwargs={"pk": scene["bob"].pk}) not in page
    client.force_login(scene["moderator"])  # moderates forum A
    page = search(client, "192.0.2.44").content.decode()
    assert reverse("moderation:member", kwargs={"pk": scene["bob"].pk}) in page


@pytest.mark.parametrize("who, status", [("guest", 403), ("member", 403), ("approver", 403), ("nomfa_admin", 302),
                                         ("nomfa_mod", 302), ("moderator", 200), ("admin", 200)])
def test_only_staff_with_member_tools_and_two_factor_search(client, scene, make_member, admin_user, who, status):
    users = {"member": scene["member"], "moderator": scene["moderator"], "admin": admin_user}
    if who == "approver":
        users[who] = make_member("approver", mfa=True)
        Moderator.objects.create(user=users[who], tools=["approve", "reports"]).forums.add(scene["forum"])
    elif who == "nomfa_admin":
        users[who] = make_member("nomfaadmin", group="Administrators", mfa=False)
    elif who == "nomfa_mod":
        users[who] = make_member("nomfamod", group="Moderators", mfa=False)
    if who != "guest":
        client.force_login(users[who])
    for response in (search(client, "bob@example.org"), search(client, "127.0.0.1"),
                     client.get(reverse("moderation:member", kwargs={"pk": scene["bob"].pk}))):
        assert response.status_code == status
        if status != 200:
            assert "bob@example.org" not in response.content.decode()
    if status == 302:  # staff without two-factor are sent to set it up
        assert "2fa" in search(client, "bob").url


def test_a_members_page_shows_warnings_reports_posts_and_hides_what_the_viewer_may_not_see(client, scene):
    bob, moderator = scene["bob"], scene["moderator"]
    from moderation import conduct

    conduct.warn_member(bob, moderator, "Spamming links", points=3, expires_days=30)
    expired = conduct.warn_member(bob, moderator, "Old thing", points=2, expires_days=1)
    Warning.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    client.force_login(scene["other_mod"])
    page = client.get(reverse("moderation:member", kwargs={"pk": bob.pk})).content.decode()
    assert "Spamming links" in page and "Old thing" in page and "expired" in page
    assert "Elsewhere" in page  # bob's topic in forum B, which other_mod moderates
    # The report against bob's post in forum A: forum A is open to all, so its post is listed; its hidden posts not.
    hidden = services.reply(scene["topic"], bob, "<p>secret reply</p>")
    Post.objects.filter(pk=hidden.pk).update(state=Post.State.HIDDEN)
    page = client.get(reverse("moderation:member", kwargs={"pk": bob.pk})).content.decode()
    assert f"Main topic</bdi> #{hidden.position}" not in page
    client.force_login(moderator)
    page = client.get(reverse("moderation:member", kwargs={"pk": bob.pk})).content.decode()
    assert f"Main topic</bdi> #{hidden.position}" in page
    assert "<bdi>member</bdi>: Spam," in page and "<strong>open</strong>" in page  # the report on bob's reply


def test_sign_in_addresses_are_kept_per_member_and_bounded(rf, member):
    from moderation.signins import record_sign_in

    for n in range(KEEP_PER_MEMBER + 5):
        request = rf.get("/", REMOTE_ADDR=f"203.0.113.{n + 1}")
        record_sign_in(None, request, member)
    record_sign_in(None, rf.get("/", REMOTE_ADDR=f"203.0.113.{KEEP_PER_MEMBER + 5}"), member)
    rows = SignIn.objects.filter(member=member)
    assert rows.count() == KEEP_PER_MEMBER
    assert rows.get(ip_address=f"203.0.113.{KEEP_PER_MEMBER + 5}").count == 2
    assert not rows.filter(ip_address="203.0.113.1").exists()


def member_link(user):
    return reverse("moderation:member", kwargs={"pk": user.pk})


def test_a_range_finds_members_who_used_any_address_in_it_from_all_three_sources(client, scene, admin_user):
    bob, member, moderator = scene["bob"], scene["member"], scene["moderator"]
    SignIn.objects.create(member=bob, ip_address="203.0.113.7")
    services.reply(scene["topic"], member, "<p>from the range</p>", ip_address="203.0.113.200")
    from moderation import services as moderation

    moderation.set_topic_flag(scene["topic"], "pin", moderator, ip_address="203.0.113.1")
    SignIn.objects.create(member=scene["other_mod"], ip_address="203.0.114.1")  # just outside
    client.force_login(admin_user)
    response = search(client, "203.0.113.0/24")
    page = response.content.decode()
    assert response.status_code == 200 and "Members who used an address in 203.0.113.0/24" in page
    for user, source in ((bob, "sign-in"), (member, "post"), (moderator, "moderation log")):
        assert source in page.split(member_link(user))[1].split("</tr>")[0]
    assert member_link(scene["other_mod"]) not in page
    # A host address with a prefix is read as its network; a /16 is allowed and reaches the neighbour.
    assert member_link(bob) in search(client, "203.0.113.99/24").content.decode()
    assert member_link(scene["other_mod"]) in search(client, "203.0.0.0/16").content.decode()


def test_an_ipv6_range_is_searched_too(client, scene, admin_user):
    SignIn.objects.create(member=scene["bob"], ip_address="2001:db8:1:2::5")
    SignIn.objects.create(member=scene["member"], ip_address="2001:db8:2::5")
    client.force_login(admin_user)
    page = search(client, "2001:db8:1::/48").content.decode()
    assert member_link(scene["bob"]) in page and member_link(scene["member"]) not in page
    assert member_link(scene["bob"]) in search(client, "2001:db8:1:2::/64").content.decode()
    page = client.get(SEARCH, {"q": "10.0.0.0/8"}, HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "该地址范围过大" in page


@pytest.mark.parametrize("query, message", [
    ("10.0.0.0/8", "search at most a /16 of IPv4 addresses"),
    ("0.0.0.0/0", "search at most a /16 of IPv4 addresses"),
    ("2001:db8::/32", "search at most a /48 of IPv6 addresses"),
])
def test_a_range_wider_than_allowed_is_refused_with_a_clear_message(client, scene, admin_user, query, message):
    SignIn.objects.create(member=scene["bob"], ip_address="10.1.2.3")
    client.force_login(admin_user)
    response = search(client, query)
    page = response.content.decode()
    assert response.status_code == 400 and message in page and "That range is too wide" in page
    assert member_link(scene["bob"]) not in page and f'value="{query}"' in page


def test_a_range_search_reads_only_posts_the_moderator_may_see_and_is_staff_only(client, scene):
    hidden = services.reply(scene["topic"], scene["bob"], "<p>hidden words</p>", ip_address="192.0.2.44")
    Post.objects.filter(pk=hidden.pk).update(state=Post.State.HIDDEN)
    client.force_login(scene["other_mod"])  # holds every tool, in forum B only
    assert member_link(scene["bob"]) not in search(client, "192.0.2.0/24").content.decode()
    client.force_login(scene["moderator"])
    assert member_link(scene["bob"]) in search(client, "192.0.2.0/24").content.decode()
    client.force_login(scene["member"])
    assert search(client, "192.0.2.0/24").status_code == 403


def test_text_with_a_slash_that_is_no_range_searches_names(client, scene, admin_user):
    client.force_login(admin_user)
    response = search(client, "bob/24")
    assert response.status_code == 200 and "No member matches." in response.content.decode()
