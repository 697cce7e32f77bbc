from django.core import mail

from accounts.models import TermsDocument, User


def signup_data(**extra):
    return {"username": "李华", "email": "li.hua@example.org", "password1": "a sturdy passphrase 42",
            "password2": "a sturdy passphrase 42", **extra}


def test_signup_without_accepting_the_terms_fails(client, db):
    response = client.post("/accounts/signup/", signup_data())
    assert response.status_code == 200
    assert "You must accept the Registration Terms &amp; Conditions to register." in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_the_terms_stores_version_and_time_and_sends_a_confirmation(client, db):
    response = client.post("/accounts/signup/", signup_data(accept_terms="on"))
    assert response.status_code == 302
    user = User.objects.get(username="李华")
    assert user.terms_version == TermsDocument.current().version
    assert user.terms_accepted_at is not None
    assert user.primary_group.name == "Members"
    assert len(mail.outbox) == 1 and "li.hua@example.org" in mail.outbox[0].to


def test_signup_page_links_to_the_terms(client, db):
    html = client.get("/accounts/signup/").content.decode()
    assert 'href="/terms/"' in html and "I accept the Registration Terms &amp; Conditions" in html


def test_terms_page_shows_the_current_terms(client, db):
    html = client.get("/terms/").content.decode()
    assert "<h1>Registration Terms & Conditions</h1>" in html
    assert TermsDocument.current().version in html


def test_sign_in_by_username_or_email(client, member):
    for login in ("member", "member@example.org"):
        client.logout()
        response = client.post("/accounts/login/", {"login": login, "password": "correct horse battery"})
        assert response.status_code == 302, login
        assert client.get("/").context["user"] == member


def test_signup_page_shows_the_terms_text_itself_in_a_scrolling_box(client, db):
    html = client.get("/accounts/signup/").content.decode()
    box = html.split('<section class="terms-box" tabindex="0"', 1)[1].split("</section>", 1)[0]
    assert "Registration Terms &amp; Conditions</h2>" in box or "Registration Terms & Conditions</h2>" in box
    assert "1. Be civil | 文明发言" in box
    assert html.index("terms-box") < html.index('name="accept_terms"')
