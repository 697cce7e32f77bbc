"""A small Invision Community 4.7 database for the tests and the benchmark: IPS's tables, cut down to the columns
that matter, on MySQL/MariaDB with utf8mb4 (no table prefix unless given). Facts from
../shared/research/ips-import.md; the rows in `sample_rows` cover every construct that note lists."""

import hashlib
from functools import cache

import bcrypt
import pymysql

from .hashers import legacy_escape

SCHEMA = """
CREATE TABLE {p}core_sys_lang (lang_id INT PRIMARY KEY, lang_short VARCHAR(32), lang_title VARCHAR(255),
  lang_default TINYINT NOT NULL DEFAULT 0);
CREATE TABLE {p}core_sys_lang_words (word_id INT AUTO_INCREMENT PRIMARY KEY, lang_id INT, word_app VARCHAR(32),
  word_key VARCHAR(255), word_default MEDIUMTEXT, word_custom MEDIUMTEXT NULL, KEY (word_key));
CREATE TABLE {p}core_groups (g_id INT AUTO_INCREMENT PRIMARY KEY, prefix TEXT, suffix TEXT);
CREATE TABLE {p}core_members (member_id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255),
  members_seo_name VARCHAR(255), email VARCHAR(150), member_group_id SMALLINT, mgroup_others VARCHAR(245) DEFAULT '',
  joined INT, last_visit INT DEFAULT 0, last_activity INT DEFAULT 0, members_pass_hash VARCHAR(255) NULL,
  members_pass_salt VARCHAR(22) NULL, temp_ban INT DEFAULT 0, mod_posts INT DEFAULT 0, restrict_post INT DEFAULT 0,
  members_bitoptions INT UNSIGNED DEFAULT 0, timezone VARCHAR(64) DEFAULT 'UTC', pp_photo_type VARCHAR(20) DEFAULT '',
  pp_main_photo TEXT, pp_thumb_photo TEXT, signature TEXT, member_title VARCHAR(64) DEFAULT '',
  member_posts INT DEFAULT 0, completed BIT(1) DEFAULT b'1');
CREATE TABLE {p}core_moderators (type CHAR(1), id BIGINT, perms TEXT);
CREATE TABLE {p}core_permission_index (perm_id INT AUTO_INCREMENT PRIMARY KEY, app VARCHAR(32), perm_type VARCHAR(32),
  perm_type_id INT, perm_view TEXT, perm_2 TEXT, perm_3 TEXT, perm_4 TEXT, perm_5 TEXT, perm_6 TEXT, perm_7 TEXT);
CREATE TABLE {p}forums_forums (id SMALLINT AUTO_INCREMENT PRIMARY KEY, parent_id INT DEFAULT -1, position INT,
  name_seo VARCHAR(255), topics INT DEFAULT 0, posts INT DEFAULT 0, redirect_on TINYINT DEFAULT 0,
  redirect_url VARCHAR(255) NULL, forum_allow_rating TINYINT DEFAULT 1, sub_can_post TINYINT DEFAULT 1,
  password VARCHAR(32) NULL, min_posts_view INT DEFAULT 0, can_view_others TINYINT DEFAULT 1);
CREATE TABLE {p}forums_topics (tid INT AUTO_INCREMENT PRIMARY KEY, forum_id INT, title VARCHAR(255),
  title_seo VARCHAR(255), starter_id BIGINT, starter_name VARCHAR(255), start_date INT, posts INT DEFAULT 0,
  views INT DEFAULT 0, last_post INT, last_poster_id BIGINT DEFAULT 0, state VARCHAR(8) DEFAULT 'open',
  approved TINYINT DEFAULT 1, pinned TINYINT DEFAULT 0, featured TINYINT DEFAULT 0, moved_to VARCHAR(64) NULL,
  moved_on INT DEFAULT 0, topic_firstpost INT DEFAULT 0, poll_state INT DEFAULT 0, topic_rating_total INT DEFAULT 0,
  topic_rating_hits INT DEFAULT 0, topic_archive_status TINYINT DEFAULT 0, KEY (forum_id));
CREATE TABLE {p}forums_posts (pid INT AUTO_INCREMENT PRIMARY KEY, topic_id INT, author_id BIGINT,
  author_name VARCHAR(255), post_date INT, post MEDIUMTEXT, ip_address VARCHAR(46) DEFAULT '',
  new_topic TINYINT DEFAULT 0, queued TINYINT DEFAULT 0, pdelete_time INT DEFAULT 0, edit_time INT DEFAULT 0,
  edit_name VARCHAR(255) NULL, append_edit TINYINT DEFAULT 0, post_edit_reason VARCHAR(255) DEFAULT '',
  post_key VARCHAR(32) DEFAULT '', KEY (topic_id));
CREATE TABLE {p}core_deletion_log (dellog_id INT AUTO_INCREMENT PRIMARY KEY, dellog_content_class VARCHAR(255),
  dellog_content_id INT, dellog_deleted_by BIGINT, dellog_deleted_date INT);
CREATE TABLE {p}core_attachments (attach_id INT AUTO_INCREMENT PRIMARY KEY, attach_ext VARCHAR(10),
  attach_file VARCHAR(250), attach_location VARCHAR(250), attach_thumb_location VARCHAR(250),
  attach_is_image TINYINT, attach_date INT, attach_member_id BIGINT, attach_filesize INT,
  attach_img_width INT DEFAULT 0, attach_img_height INT DEFAULT 0);
CREATE TABLE {p}core_attachments_map (attachment_id INT, location_key VARCHAR(250), id1 BIGINT, id2 BIGINT,
  id3 VARCHAR(200) NULL, KEY (location_key, id1, id2));
CREATE TABLE {p}core_ratings (id INT AUTO_INCREMENT PRIMARY KEY, class VARCHAR(255), item_id INT, member BIGINT,
  rating TINYINT, ip VARCHAR(46) DEFAULT '', rating_date INT);
CREATE TABLE {p}core_reactions (reaction_id INT AUTO_INCREMENT PRIMARY KEY, reaction_value INT,
  reaction_icon TEXT, reaction_position INT, reaction_enabled TINYINT);
CREATE TABLE {p}core_reputation_index (id INT AUTO_INCREMENT PRIMARY KEY, member_id BIGINT, app VARCHAR(32),
  type VARCHAR(32), type_id INT, rep_date INT, rep_rating INT, member_received BIGINT, rep_class VARCHAR(255),
  class_type_id_hash VARCHAR(32), item_id INT, reaction INT);
CREATE TABLE {p}core_follow (follow_id VARCHAR(32) PRIMARY KEY, follow_app VARCHAR(150), follow_area VARCHAR(200),
  follow_rel_id BIGINT, follow_member_id BIGINT, follow_is_anon TINYINT DEFAULT 0, follow_added INT,
  follow_notify_freq VARCHAR(16));
CREATE TABLE {p}core_polls (pid INT AUTO_INCREMENT PRIMARY KEY, choices MEDIUMTEXT, start_date INT, starter_id BIGINT,
  votes INT, poll_question VARCHAR(255), poll_view_voters TINYINT, poll_closed TINYINT DEFAULT 0,
  poll_close_date INT DEFAULT -1);
CREATE TABLE {p}core_voters (vid INT AUTO_INCREMENT PRIMARY KEY, poll INT, member_id BIGINT, vote_date INT,
  member_choices TEXT);
CREATE TABLE {p}core_message_topics (mt_id INT AUTO_INCREMENT PRIMARY KEY, mt_title VARCHAR(255), mt_starter_id BIGINT,
  mt_start_time INT, mt_last_post_time INT, mt_first_msg_id INT, mt_is_draft TINYINT DEFAULT 0,
  mt_is_deleted TINYINT DEFAULT 0, mt_is_system TINYINT DEFAULT 0);
CREATE TABLE {p}core_message_posts (msg_id INT AUTO_INCREMENT PRIMARY KEY, msg_topic_id INT, msg_date INT,
  msg_post MEDIUMTEXT, msg_author_id BIGINT, msg_is_first_post TINYINT DEFAULT 0);
CREATE TABLE {p}core_message_topic_user_map (map_id INT AUTO_INCREMENT PRIMARY KEY, map_user_id BIGINT,
  map_topic_id INT, map_user_active TINYINT DEFAULT 1, map_left_time INT DEFAULT 0, map_read_time INT DEFAULT 0,
  map_has_unread TINYINT DEFAULT 0, map_is_starter TINYINT DEFAULT 0);
CREATE TABLE {p}core_members_warn_reasons (wr_id INT AUTO_INCREMENT PRIMARY KEY);
CREATE TABLE {p}core_members_warn_logs (wl_id INT AUTO_INCREMENT PRIMARY KEY, wl_member BIGINT, wl_moderator BIGINT,
  wl_date INT, wl_reason INT, wl_points INT, wl_note_member TEXT, wl_note_mods TEXT, wl_mq VARCHAR(32),
  wl_rpa VARCHAR(32), wl_suspend VARCHAR(32), wl_expire_date INT);
CREATE TABLE {p}core_tags (tag_id INT AUTO_INCREMENT PRIMARY KEY, tag_meta_app VARCHAR(200),
  tag_meta_area VARCHAR(200), tag_meta_id INT, tag_text VARCHAR(255), tag_member_id BIGINT, tag_added INT);
CREATE TABLE {p}core_moderator_logs (id INT AUTO_INCREMENT PRIMARY KEY, member_id BIGINT, ctime INT,
  lang_key VARCHAR(255), note TEXT, class VARCHAR(255), item_id INT);
"""

# Passwords of the sample members, for the sign-in tests.
PASSWORDS = {
    "admin": "admin-pass-43",
    "bob": "bob's pass 4.1",
    "zoe": "pa$$ <w0rd>!",
    "long": "ü" * 36 + "tail beyond seventy-two bytes",  # 72 bytes of ü, then more
}
# One Unix time per sample row, 2019-2024; 1572742800 is 2019-11-03 01:00 UTC, the hour New York's clocks fell back.
T = 1572742800


def ips43_hash(password, rounds=10):
    """PHP password_hash(): "$2y$" bcrypt of the password's first 72 bytes."""
    return bcrypt.hashpw(password.encode()[:72], bcrypt.gensalt(rounds)).decode().replace("$2b$", "$2y$", 1)


def ips40_hash(password, salt, rounds=13):  # the sample uses 10: the format is the same, the tests faster
    """IPS 4.0-4.2: crypt(password, '$2a$13$' + 22-character salt)."""
    return bcrypt.hashpw(password.encode()[:72], f"$2a${rounds:02d}${salt}".encode()).decode()


def ipb3_hash(password, salt):
    md5 = lambda s: hashlib.md5(s.encode()).hexdigest()  # noqa: E731
    return md5(md5(salt) + md5(legacy_escape(password)))


def connect(host="127.0.0.1", port=3306, user="root", password="", database=None):
    return pymysql.connect(host=host, port=port, user=user, password=password, database=database,
                           charset="utf8mb4", autocommit=True)


def create(conn, name, prefix=""):
    """A new empty IPS database `name` (dropped first if it exists), its tables made."""
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        cursor.execute(f"USE `{name}`")
        for statement in SCHEMA.format(p=prefix).split(";"):
            if statement.strip():
                cursor.execute(statement)


def drop(conn, name):
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")


def insert(conn, table, rows, prefix=""):
    """rows: dicts; columns a row leaves out get their defaults."""
    groups = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    with conn.cursor() as cursor:
        for columns, group in groups.items():
            sql = (f"INSERT INTO `{prefix}{table}` ({', '.join(columns)}) VALUES "
                   f"({', '.join(['%s'] * len(columns))})")
            cursor.executemany(sql, [[row[c] for c in columns] for row in group])


def _words(rows):
    return [{"lang_id": lang, "word_app": "core", "word_key": key, "word_default": default, "word_custom": custom}
            for lang, key, default, custom in rows]


def _post(pid, tid, author_id, author_name, when, html, queued=0, new_topic=0, **extra):
    return {"pid": pid, "topic_id": tid, "author_id": author_id, "author_name": author_name, "post_date": when,
            "post": html, "ip_address": extra.get("ip", "203.0.113.7"), "queued": queued, "new_topic": new_topic,
            "edit_time": extra.get("edit_time", 0), "post_edit_reason": extra.get("reason", "")}


def _topic(tid, forum_id, title, slug, starter_id, starter_name, when, first, **extra):
    return {"tid": tid, "forum_id": forum_id, "title": title, "title_seo": slug, "starter_id": starter_id,
            "starter_name": starter_name, "start_date": when, "last_post": when, "state": extra.get("state", "open"),
            "approved": extra.get("approved", 1), "pinned": extra.get("pinned", 0),
            "moved_to": extra.get("moved_to"), "moved_on": extra.get("moved_on", 0), "topic_firstpost": first,
            "poll_state": extra.get("poll_state", 0), "views": extra.get("views", 3)}


B = "<___base_url___>"
POST_100 = (
    f'<p>Hello <a contenteditable="false" data-ipshover="" data-ipshover-target="{B}/profile/2-bob/?do=hovercard" '
    f'data-mentionid="2" href="{B}/profile/2-bob/" rel="">@bob</a> '
    f'<img alt=":)" data-emoticon="" height="20" src="<fileStore.core_Emoticons>/emoticons/smile.png" '
    f'srcset="<fileStore.core_Emoticons>/emoticons/smile@2x.png 2x" title=":)" width="20"> '
    '<span class="ipsEmoji">😀</span></p>'
    f'<p><a class="ipsAttachLink ipsAttachLink_image" data-fileext="jpg" data-fileid="1" '
    f'href="<fileStore.core_Attachment>/monthly_2024_01/cat.jpg.abc.jpg" rel=""><img alt="cat.jpg" class="ipsImage '
    f'ipsImage_thumbnailed" data-fileid="1" data-src="<fileStore.core_Attachment>/monthly_2024_01/cat.jpg.abc.jpg" '
    f'src="{B}/applications/core/interface/js/spacer.png" width="40" height="30"></a></p>'
    f'<p>See <a href="{B}/topic/15-poll-topic/">the poll topic</a> and '
    f'<a href="{B}/topic/10-welcome/?do=findComment&amp;comment=101">that reply</a>.</p>')
POST_101 = (
    '<blockquote class="ipsQuote" data-ipsquote="" data-ipsquote-contentapp="forums" data-ipsquote-contentclass='
    '"forums_Topic" data-ipsquote-contentcommentid="100" data-ipsquote-contentid="10" '
    'data-ipsquote-contenttype="forums" data-ipsquote-timestamp="1572742800" data-ipsquote-userid="1" '
    'data-ipsquote-username="admin">'
    '<div class="ipsQuote_citation">admin said:</div><div class="ipsQuote_contents"><p>Hello everyone</p></div>'
    '</blockquote><p>I agree.</p>')
POST_105 = (
    '<div class="ipsSpoiler" data-ipsspoiler=""><div class="ipsSpoiler_header"><span>Spoiler</span></div>'
    '<div class="ipsSpoiler_contents"><p>The butler did it.</p></div></div>'
    '<pre class="ipsCode prettyprint lang-python prettyprinted">def hello():\n    return "&lt;hi&gt;"</pre>'
    '<div class="ipsEmbeddedVideo" contenteditable="false"><div><iframe allowfullscreen="" frameborder="0" '
    'height="270" width="480" data-embed-src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed">'
    '</iframe></div></div>'
    f'<iframe data-embedauthorid="2" data-embedcontent="" data-embedid="embed1" '
    f'src="{B}/topic/10-welcome/?do=embed&amp;embedComment=100"></iframe>'
    '<script>alert(1)</script><p onclick="x()">Safe text</p>')
POST_106 = "[quote name='bob' post='100']<p>Quoted the old way <img src='<#EMO_DIR#>/smile.gif'></p>[/quote]" \
    "<p>[member='Zoë Ünïcode'] see [attachment=2:notes.zip]</p>"


@cache
def sample_rows():
    """{table: rows}: the sample board described in the research note, section 5 (made once: bcrypt is slow)."""
    salt_bob = "abcdefghijklmnopqrstuu"
    return {
        "core_sys_lang": [
            {"lang_id": 1, "lang_short": "en_US", "lang_title": "English (USA)", "lang_default": 1},
            {"lang_id": 2, "lang_short": "zh_CN", "lang_title": "简体中文", "lang_default": 0},
            {"lang_id": 3, "lang_short": "de_DE", "lang_title": "Deutsch", "lang_default": 0}],
        "core_sys_lang_words": _words([
            (1, "forums_forum_1", "General", None), (2, "forums_forum_1", "General", "综合"),
            (3, "forums_forum_1", "General", "Allgemeines"),
            (2, "forums_forum_2_desc", "<p>Ask here</p>", "<p>在这里提问</p>"),
            (1, "forums_forum_2", "Help & Support", None), (2, "forums_forum_2", "Help & Support", "帮助与支持"),
            (1, "forums_forum_2_desc", "<p>Ask here</p>", None), (1, "forums_forum_3", "Off-topic Ünïcode", None),
            (1, "forums_forum_4", "Our blog", None), (1, "forums_forum_5", "Staff room", None),
            (1, "core_group_2", "Guests", None), (1, "core_group_3", "Members", None),
            (1, "core_group_4", "Administrators", None), (1, "core_group_6", "Moderators", None),
            (1, "core_group_7", "VIP", None), (1, "reaction_title_1", "Like", None),
            (1, "reaction_title_2", "Awesome", None),
            (1, "core_warn_reason_1", "Spam", None)]),
        "core_groups": [{"g_id": 2, "prefix": "", "suffix": ""}, {"g_id": 3, "prefix": "", "suffix": ""},
                        {"g_id": 4, "prefix": "<span style='color:red'>", "suffix": "</span>"},
                        {"g_id": 6, "prefix": "", "suffix": ""},
                        {"g_id": 7, "prefix": "<span style='color:#0a5'>", "suffix": "</span>"}],
        "core_moderators": [{"type": "g", "id": 6, "perms": "*"}],
        "core_members": [
            _member(1, "admin", "admin", 4, ips43_hash(PASSWORDS["admin"]), None, pp_photo_type="custom",
                    pp_main_photo="monthly_2023_05/photo-admin.png"),
            _member(2, "bob", "bob", 3, ips40_hash(PASSWORDS["bob"], salt_bob, rounds=10), salt_bob,
                    mgroup_others="6",
                    signature="<p>Bob's <strong>signature</strong><script>x</script></p>"),
            _member(3, "Zoë Ünïcode", "zoë-ünïcode", 7, ipb3_hash(PASSWORDS["zoe"], "a$b!c"), "a$b!c"),
            _member(4, "spammer", "spammer", 3, ips43_hash("whatever"), None, temp_ban=-1, members_bitoptions=1),
            _member(5, "validating", "validating", 3, ips43_hash("whatever"), None, members_bitoptions=1073741824),
            _member(6, "longpw", "longpw", 3, ips43_hash(PASSWORDS["long"]), None),
            _member(7, "CafÃ© owner", "café-owner", 3, None, None),  # double-encoded UTF-8, external sign-in
        ],
        "forums_forums": [
            {"id": 1, "parent_id": -1, "position": 1, "name_seo": "general"},
            {"id": 2, "parent_id": 1, "position": 1, "name_seo": "help-support"},
            {"id": 3, "parent_id": 1, "position": 2, "name_seo": "off-topic-ünïcode"},
            {"id": 4, "parent_id": 1, "position": 3, "name_seo": "our-blog", "redirect_on": 1,
             "redirect_url": "https://blog.example/"},
            {"id": 5, "parent_id": 1, "position": 4, "name_seo": "staff-room"}],
        "core_permission_index": [
            _perms(2, "*", "*", "3,4,6,7", "3,4,6,7", "3,4,6,7"), _perms(3, "*", "*", "3,4,6,7", "3,4,6,7", "4,6"),
            _perms(5, "4,6", "4,6", "4,6", "4,6", "4,6")],
        "forums_topics": [
            _topic(10, 2, "Welcome &amp; hello", "welcome", 1, "admin", T, 100, views=40),
            _topic(11, 2, "Rules", "rules", 1, "admin", T + 100, 107, pinned=1, state="closed"),
            _topic(12, 2, "Waiting topic", "waiting-topic", 2, "bob", T + 200, 108, approved=0),
            _topic(13, 2, "Hidden topic", "hidden-topic", 2, "bob", T + 300, 109, approved=-1),
            _topic(14, 2, "Poll topic", "poll-topic", 2, "bob", T + 400, 0, state="link", moved_to="15&3",
                   moved_on=T + 5000),
            _topic(15, 3, "Poll topic", "poll-topic", 2, "bob", T + 400, 110, poll_state=1),
            _topic(16, 3, "Guest question 中文", "guest-question-中文", 0, "Visitor", T + 500, 111),
            _topic(17, 5, "Staff only", "staff-only", 1, "admin", T + 600, 112),
            # Merged into topic 10, a link left behind.
            _topic(19, 2, "Hello again", "hello-again", 2, "bob", T + 700, 0, state="merged", moved_to="10&2",
                   moved_on=T + 800)],
        "forums_posts": [
            _post(100, 10, 1, "admin", T, POST_100, new_topic=1),
            _post(101, 10, 2, "bob", T + 3600, POST_101, edit_time=T + 4000, reason="typo"),
            _post(102, 10, 3, "Zoë Ünïcode", T + 7200, "<p>Hidden reply</p>", queued=-1),
            _post(103, 10, 2, "bob", T + 7300, "<p>Waiting reply</p>", queued=1),
            _post(104, 10, 2, "bob", T + 7400, "<p>Deleted reply</p>", queued=-2),
            _post(105, 10, 3, "Zoë Ünïcode", T + 9000, POST_105, ip="2001:db8::1"),
            # Written before 105 but stored after it: positions follow the dates.
            _post(106, 10, 2, "bob", T + 8000, POST_106),
            # Double-encoded UTF-8, as old boards converted to utf8mb4 carry it.
            _post(107, 11, 1, "admin", T + 100, "<p>Be nice at the café — thanks.</p>".encode().decode("cp1252"),
                  new_topic=1),
            _post(108, 12, 2, "bob", T + 200, "<p>Please approve</p>", new_topic=1),
            _post(109, 13, 2, "bob", T + 300, "<p>Secret</p>", new_topic=1, queued=2),
            _post(110, 15, 2, "bob", T + 400, "<p>Vote below</p>", new_topic=1),
            _post(111, 16, 0, "Visitor", T + 500, "<p>游客的问题 🙂</p>", new_topic=1, ip="198.51.100.4"),
            _post(112, 17, 1, "admin", T + 600, "<p>Staff notes</p>", new_topic=1)],
        "core_deletion_log": [{"dellog_content_class": "IPS\\forums\\Topic\\Post", "dellog_content_id": 104,
                               "dellog_deleted_by": 1, "dellog_deleted_date": T + 7500}],
        "core_attachments": [
            {"attach_id": 1, "attach_ext": "jpg", "attach_file": "cat.jpg",
             "attach_location": "monthly_2024_01/cat.jpg.abc.jpg", "attach_thumb_location": "", "attach_is_image": 1,
             "attach_date": T, "attach_member_id": 1, "attach_filesize": 1000},
            {"attach_id": 2, "attach_ext": "zip", "attach_file": "notes.zip",
             "attach_location": "monthly_2024_01/notes.zip.def", "attach_thumb_location": "", "attach_is_image": 0,
             "attach_date": T, "attach_member_id": 2, "attach_filesize": 2000}],
        "core_attachments_map": [
            {"attachment_id": 1, "location_key": "forums_Forums", "id1": 10, "id2": 100, "id3": None},
            {"attachment_id": 2, "location_key": "core_Messaging", "id1": 1, "id2": 1, "id3": None}],
        "core_ratings": [{"id": 1, "class": "IPS\\forums\\Topic", "item_id": 10, "member": 2, "rating": 4,
                          "rating_date": T + 100}],
        "core_reactions": [{"reaction_id": 1, "reaction_value": 1, "reaction_icon": "react_like.png",
                            "reaction_position": 1, "reaction_enabled": 1},
                           {"reaction_id": 2, "reaction_value": 1, "reaction_icon": "reactions/react_wow.png",
                            "reaction_position": 2, "reaction_enabled": 1}],
        "core_reputation_index": [
            _reaction(1, 2, 100, 1, 1),
            _reaction(2, 3, 100, 1, 2),  # a reaction type Agora does not have: made here
            _reaction(3, 1, 100, 1, 1),  # on one's own post: not kept
            _reaction(4, 1, 101, 2, 0, rating=-1),  # reputation from before reactions: a dislike
            _reaction(5, 2, 999, 1, 1)],  # a post that is not there
        "core_follow": [
            {"follow_id": hashlib.md5(b"forums;topic;10;2").hexdigest(), "follow_app": "forums",
             "follow_area": "topic", "follow_rel_id": 10, "follow_member_id": 2, "follow_added": T,
             "follow_notify_freq": "immediate"},
            {"follow_id": hashlib.md5(b"core;member;1;3").hexdigest(), "follow_app": "core", "follow_area": "member",
             "follow_rel_id": 1, "follow_member_id": 3, "follow_added": T, "follow_notify_freq": "daily"},
            {"follow_id": hashlib.md5(b"forums;forum;2;3").hexdigest(), "follow_app": "forums",
             "follow_area": "forum", "follow_rel_id": 2, "follow_member_id": 3, "follow_added": T,
             "follow_notify_freq": "none"},
            {"follow_id": hashlib.md5(b"forums;topic;10;3").hexdigest(), "follow_app": "forums",
             "follow_area": "topic", "follow_rel_id": 10, "follow_member_id": 3, "follow_added": T + 60,
             "follow_notify_freq": "immediate"}],
        "core_tags": [{"tag_meta_app": "forums", "tag_meta_area": "forums", "tag_meta_id": 10, "tag_text": "welcome",
                       "tag_member_id": 1, "tag_added": T},
                      {"tag_meta_app": "forums", "tag_meta_area": "forums", "tag_meta_id": 10, "tag_text": "中文",
                       "tag_member_id": 1, "tag_added": T}],
        "core_polls": [{"pid": 1, "choices": '{"1":{"question":"Pick","multi":0,"choice":{"1":"A","2":"B"},'
                                             '"votes":{"1":1,"2":0}}}', "start_date": T, "starter_id": 2, "votes": 1,
                        "poll_question": "Pick one", "poll_view_voters": 0}],
        "core_voters": [{"poll": 1, "member_id": 3, "vote_date": T, "member_choices": '{"1":[1]}'}],
        "core_message_topics": [{"mt_id": 1, "mt_title": "Hi", "mt_starter_id": 1, "mt_start_time": T,
                                 "mt_last_post_time": T, "mt_first_msg_id": 1}],
        "core_members_warn_logs": [{"wl_member": 4, "wl_moderator": 1, "wl_date": T, "wl_reason": 1, "wl_points": 3,
                                    "wl_note_member": "<p>Please stop posting links.</p>", "wl_note_mods": "",
                                    "wl_mq": "P7D", "wl_rpa": "", "wl_suspend": "-1", "wl_expire_date": -1}],
    }


def _reaction(row_id, member_id, pid, received, reaction, rating=1):
    post_class = "IPS\\forums\\Topic\\Post"
    return {"id": row_id, "member_id": member_id, "app": "forums", "type": "pid", "type_id": pid,
            "rep_date": T + row_id, "rep_rating": rating, "member_received": received, "rep_class": post_class,
            "class_type_id_hash": hashlib.md5(f"{post_class}:{pid}".encode()).hexdigest(), "item_id": 10,
            "reaction": reaction}


def _member(member_id, name, slug, group, pass_hash, salt, **extra):
    row = {"member_id": member_id, "name": name, "members_seo_name": slug, "email": f"{slug}@example.org",
           "member_group_id": group, "mgroup_others": extra.get("mgroup_others", ""), "joined": T - 86400 * 30,
           "last_visit": T + 86400, "members_pass_hash": pass_hash, "members_pass_salt": salt,
           "temp_ban": extra.get("temp_ban", 0), "members_bitoptions": extra.get("members_bitoptions", 0),
           "signature": extra.get("signature", ""), "pp_photo_type": extra.get("pp_photo_type", ""),
           "pp_main_photo": extra.get("pp_main_photo", "")}
    return row


def _perms(forum_id, view, read, start, reply, attach):
    return {"app": "forums", "perm_type": "forum", "perm_type_id": forum_id, "perm_view": view, "perm_2": read,
            "perm_3": start, "perm_4": reply, "perm_5": attach, "perm_6": "", "perm_7": ""}


def build(conn, name, prefix=""):
    """The sample board in a fresh database `name`."""
    create(conn, name, prefix)
    for table, rows in sample_rows().items():
        insert(conn, table, rows, prefix)
