"""Rough edges a new member hit: "Create New..." for guests, a picture for shared links, the header menus."""

from forum import services


def test_guests_see_create_new_and_it_leads_to_sign_in_first(client, board):
    html = client.get("/").content.decode()
    assert "Create New..." in html
    assert 'href="/accounts/login/?next=/submit/">Topic</a>' in html


def test_members_create_new_leads_to_choosing_a_forum(client, board, member):
    client.force_login(member)
    assert 'href="/submit/">Topic</a>' in client.get("/").content.decode()


def test_a_topic_page_offers_the_boards_picture_to_shared_links(client, make_topic):
    html = client.get(make_topic().get_absolute_url()).content.decode()
    assert '<meta property="og:image" content="http://testserver/static/img/og-image.png">' in html
    assert '<meta name="twitter:image" content="http://testserver/static/img/og-image.png">' in html


def test_the_first_posts_own_image_is_the_shared_picture(client, board, member):
    topic = services.create_topic(board, member, "Pictures", '<p>Look:</p><p><img src="/media/uploads/a.png" '
                                  'alt="a chart"></p><p><img src="https://example.org/b.png" alt=""></p>')
    html = client.get(topic.get_absolute_url()).content.decode()
    assert '<meta property="og:image" content="http://testserver/media/uploads/a.png">' in html
