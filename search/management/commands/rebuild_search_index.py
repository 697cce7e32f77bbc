"""Rebuild every post's search document, in small batches, each its own short transaction: safe while the site is up
(new posts and edits keep being indexed by the triggers meanwhile)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from tqdm import tqdm

from forum.models import Post

REBUILD_BATCH = """
INSERT INTO search_postdocument (post_id, document)
SELECT p.id, agora_search_post_document(p.content, CASE WHEN p.position = 1 THEN t.title END)
FROM forum_post AS p JOIN forum_topic AS t ON t.id = p.topic_id
WHERE p.id >= %s AND p.id < %s
ON CONFLICT (post_id) DO UPDATE SET document = EXCLUDED.document
"""
# The vocabulary of "did you mean" (search.suggestions), from the same posts and their topics' titles.
LEARN_BATCH = """
SELECT agora_search_learn_words(agora_search_plain(p.content) || ' ' || CASE WHEN p.position = 1 THEN t.title ELSE '' END)
FROM forum_post AS p JOIN forum_topic AS t ON t.id = p.topic_id
WHERE p.id >= %s AND p.id < %s
"""


class Command(BaseCommand):
    help = "Rebuild the search index of every post and its vocabulary (can run while the site is up)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000, help="posts per transaction (default 1000)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, batch, quiet, **options):
        if connection.vendor != "postgresql":
            self.stderr.write("Search needs PostgreSQL; nothing to rebuild on %s." % connection.vendor)
            return
        total = Post.objects.count()
        last = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        done = 0
        with tqdm(total=total, unit="post", disable=quiet, file=self.stderr) as bar:
            start = 0
            while start <= last:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(REBUILD_BATCH, [start, start + batch])
                    bar.update(cursor.rowcount)
                    done += cursor.rowcount
                    cursor.execute(LEARN_BATCH, [start, start + batch])
                start += batch
        if not quiet:
            self.stdout.write(self.style.SUCCESS(f"Indexed {done} posts."))
