"""The search index: one stored tsvector per post, kept by PostgreSQL itself.

The rows are written by triggers that search/migrations/0001_initial.py installs on forum's tables, so every write
path (forum.services, moderation.services, bulk inserts, raw UPDATEs that renumber posts) keeps the index current in
its own transaction, and `forum` never imports this app. Who may see a post is not stored here: searches join the
posts through Post.objects.visible_to(viewer), the rule every page uses.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.models import Post


class PostDocument(models.Model):
    # The foreign key is PostgreSQL's (ON DELETE CASCADE, made by the migration): deleting posts in bulk costs no
    # extra query, and Django never has to know this table exists.
    post = models.OneToOneField(Post, verbose_name=_("post"), primary_key=True, on_delete=models.DO_NOTHING,
                                db_constraint=False, related_name="search_document")
    # The post's text (weight D) and, for a topic's first post, the topic's title (weight A): English words stemmed
    # ('english'), Chinese and Japanese as overlapping two-character tokens ('simple'). The functions are in
    # search/migrations/0001_initial.py.
    document = SearchVectorField(_("document"))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [GinIndex(fields=["document"], name="search_post_document")]


class Word(models.Model):
    """A word some post or title has used (Latin script, lowercased): the vocabulary "did you mean" picks from. Kept
    by triggers (search/migrations/0002_vocabulary.py); never shown unless a post the viewer may see has it."""

    word = models.CharField(_("word"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("word")
        verbose_name_plural = _("words")
