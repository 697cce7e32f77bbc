"""Benchmark: `import_ips` of a generated Invision Community board of 100,000 posts.

Run:  .venv/bin/python -m config.localdb --require-postgres -- .venv/bin/python bench/ips_import.py [--posts 100000]

It generates an IPS 4.7 database on the MariaDB at 127.0.0.1:3306 (root, no password) as ips_bench_<pid>: members,
five forums, topics of 20 posts whose HTML carries what real posts do (paragraphs, quotes, mentions, emoticons,
internal links, code), a reaction on every third post, a follow on every topic and a file attached (in
core_attachments_map only) to every 25th post. Then it imports it into a throwaway PostgreSQL database
(test_<name>) with the real command, progress bars and all, prints the time taken and the rate, times a top-up run
after 1% of the posts were edited and 0.1% of the posts and reactions deleted on the old board, checks that
`repair_counters` finds nothing, and drops both databases.
"""

import argparse
import io
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from ipsimport import synthetic  # noqa: E402

PER_TOPIC = 20


def post_html(pid, tid, members):
    """A post as IPS stores it, varied by its id."""
    author = pid % members + 1
    parts = [f"<p>Post {pid} in topic {tid}. " + "Lorem ipsum dolor sit amet, 中文 text and more. " * 6 + "</p>"]
    if pid % 10 == 3:
        parts.insert(0, f'<blockquote class="ipsQuote" data-ipsquote="" data-ipsquote-contentcommentid="{pid - 1}" '
                        f'data-ipsquote-username="member{author}"><div class="ipsQuote_citation">said:</div>'
                        f'<div class="ipsQuote_contents"><p>Earlier words</p></div></blockquote>')
    if pid % 7 == 0:
        parts.append(f'<p><a data-mentionid="{author}" href="<___base_url___>/profile/{author}-m/">@member{author}'
                     f'</a> <img alt=":)" data-emoticon="" src="<fileStore.core_Emoticons>/emoticons/smile.png"></p>')
    if pid % 11 == 0:
        parts.append(f'<p><a href="<___base_url___>/topic/{max(tid - 1, 1)}-earlier/">the earlier topic</a></p>')
    if pid % 50 == 0:
        parts.append('<pre class="ipsCode prettyprint lang-python">print("hello")</pre>')
    return "".join(parts)


def generate(conn, name, posts, members):
    synthetic.create(conn, name)
    rows = synthetic.sample_rows()
    for table in ("core_sys_lang", "core_sys_lang_words", "core_groups", "core_reactions"):
        synthetic.insert(conn, table, rows[table])
    password = synthetic.ips43_hash("bench-password", rounds=4)
    synthetic.insert(conn, "core_members", [
        synthetic._member(m, f"member{m}", f"member{m}", 3, password, None) for m in range(1, members + 1)])
    synthetic.insert(conn, "forums_forums", [{"id": 1, "parent_id": -1, "position": 1, "name_seo": "general"}] + [
        {"id": f, "parent_id": 1, "position": f, "name_seo": f"forum-{f}"} for f in range(2, 7)])
    topics = -(-posts // PER_TOPIC)
    t0 = synthetic.T
    synthetic.insert(conn, "forums_topics", [
        synthetic._topic(t, t % 5 + 2, f"Topic {t}", f"topic-{t}", t % members + 1, f"member{t % members + 1}",
                         t0 + t * 600, (t - 1) * PER_TOPIC + 1) for t in range(1, topics + 1)])
    chunk = []
    for pid in range(1, posts + 1):
        tid = (pid - 1) // PER_TOPIC + 1
        author = pid % members + 1
        chunk.append(synthetic._post(pid, tid, author, f"member{author}", t0 + tid * 600 + pid % PER_TOPIC * 60,
                                     post_html(pid, tid, members), new_topic=int(pid % PER_TOPIC == 1)))
        if len(chunk) == 5000:
            synthetic.insert(conn, "forums_posts", chunk)
            chunk = []
    synthetic.insert(conn, "forums_posts", chunk)
    synthetic.insert(conn, "core_reputation_index", [
        synthetic._reaction(pid, (pid + 1) % members + 1, pid, pid % members + 1, 1 + pid % 2)
        for pid in range(3, posts + 1, 3)])
    synthetic.insert(conn, "core_follow", [
        {"follow_id": f"{t:032x}", "follow_app": "forums", "follow_area": "topic", "follow_rel_id": t,
         "follow_member_id": (t + 1) % members + 1, "follow_added": t0 + t, "follow_notify_freq": "immediate"}
        for t in range(1, topics + 1)])
    files = range(25, posts + 1, 25)
    synthetic.insert(conn, "core_attachments", [
        {"attach_id": pid // 25, "attach_ext": "zip", "attach_file": f"file{pid}.zip",
         "attach_location": f"monthly_2024_01/file{pid}.zip", "attach_thumb_location": "", "attach_is_image": 0,
         "attach_date": t0, "attach_member_id": pid % members + 1, "attach_filesize": 1000} for pid in files])
    synthetic.insert(conn, "core_attachments_map", [
        {"attachment_id": pid // 25, "location_key": "forums_Forums", "id1": (pid - 1) // PER_TOPIC + 1, "id2": pid,
         "id3": None} for pid in files])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()

    # A `timeout` or Ctrl-C still drops both databases (the finally below).
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(1))
    conn = synthetic.connect()
    name = f"ips_bench_{os.getpid()}"
    started = time.perf_counter()
    generate(conn, name, args.posts, args.members)
    print(f"Generated an IPS database of {args.posts:,} posts in {time.perf_counter() - started:.1f} s")
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        call_command("import_ips", source=f"mysql://root@127.0.0.1/{name}", base_url="https://old.example/",
                     batch_size=args.batch_size)
        took = time.perf_counter() - started
        print(f"Imported {args.posts:,} posts in {took:.1f} s ({args.posts / took:,.0f} posts a second)")
        with conn.cursor() as cursor:
            cursor.execute(f"UPDATE `{name}`.forums_posts SET post = CONCAT(post, '<p>Edited.</p>') "
                           f"WHERE pid % 100 = 0")
            # Replies (never a topic's first post) and reactions deleted there: to the recycle bin, removed here.
            cursor.execute(f"DELETE FROM `{name}`.forums_posts WHERE pid % 1000 = 7")
            cursor.execute(f"DELETE FROM `{name}`.core_reputation_index WHERE id % 999 = 0")
        started = time.perf_counter()
        call_command("import_ips", source=f"mysql://root@127.0.0.1/{name}", base_url="https://old.example/",
                     batch_size=args.batch_size, stdout=io.StringIO())
        print(f"Top-up run with {args.posts // 100:,} posts edited and {args.posts // 1000:,} deleted there: "
              f"{time.perf_counter() - started:.1f} s")
        out = io.StringIO()
        call_command("repair_counters", stdout=out)
        print("repair_counters:", out.getvalue().strip().splitlines()[-1])
    finally:
        teardown_databases(old, verbosity=0)
        synthetic.drop(conn, name)
        conn.close()


if __name__ == "__main__":
    main()
