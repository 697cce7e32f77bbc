"""The words of the board, for "did you mean" when a search finds nothing (search/suggestions.py).

A table of the distinct Latin-script words (lowercased, 3 to 40 letters) of every post and topic title, kept by
triggers like the index itself: a word is added the first time any post or title uses it, and never removed (a
word's presence here shows nobody anything: a suggestion is offered only when the viewer may see a post it finds,
through Post.objects.visible_to). Close words are found by trigram distance (PostgreSQL's pg_trgm, a contrib
extension) through a GiST index. Where the extension cannot be created (a host without contrib, a role that may not
create it), the migration still succeeds and searches simply offer no suggestion.
"""

from django.db import DatabaseError, migrations, models, transaction

# Latin letters, with the accented ones of Latin-1 and Latin Extended-A; an apostrophe or hyphen inside a word keeps
# it whole (don't, e-mail). CJK text has no spelling to correct.
WORD = r"[a-zà-öø-ÿā-ž](?:[a-zà-öø-ÿā-ž'-]*[a-zà-öø-ÿā-ž])?"

CREATE = rf"""
CREATE OR REPLACE FUNCTION agora_search_learn_words(t text) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO search_word (word)
  SELECT DISTINCT m[1] FROM regexp_matches(lower(coalesce(t, '')), '({WORD.replace("'", "''")})', 'g') AS m
  WHERE length(m[1]) BETWEEN 3 AND 40
  ORDER BY 1  -- the same order in every transaction: two posts with the same new words never deadlock
  ON CONFLICT (word) DO NOTHING
$$;

CREATE OR REPLACE FUNCTION agora_search_post_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agora_search_learn_words(agora_search_plain(NEW.content));
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION agora_search_title_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agora_search_learn_words(NEW.title);
  RETURN NULL;
END
$$;

CREATE TRIGGER agora_search_post_words AFTER INSERT OR UPDATE OF content ON forum_post
  FOR EACH ROW WHEN (NEW.content IS NOT NULL) EXECUTE FUNCTION agora_search_post_words();
CREATE TRIGGER agora_search_title_words AFTER INSERT OR UPDATE OF title ON forum_topic
  FOR EACH ROW EXECUTE FUNCTION agora_search_title_words();

-- The words already written.
SELECT agora_search_learn_words(agora_search_plain(content)) FROM forum_post;
SELECT agora_search_learn_words(title) FROM forum_topic;
"""

DROP = """
DROP TRIGGER IF EXISTS agora_search_post_words ON forum_post;
DROP TRIGGER IF EXISTS agora_search_title_words ON forum_topic;
DROP FUNCTION IF EXISTS agora_search_post_words(), agora_search_title_words(), agora_search_learn_words(text);
DROP INDEX IF EXISTS search_word_trigrams;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # the SQLite fallback has no search, nor suggestions
    schema_editor.execute(CREATE)
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute("CREATE INDEX search_word_trigrams ON search_word USING gist (word gist_trgm_ops)")
    except DatabaseError:
        pass  # no pg_trgm here: searches offer no suggestion (search.suggestions)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Word",
            fields=[("word", models.CharField(max_length=40, primary_key=True, serialize=False,
                                              verbose_name="word"))],
            options={"verbose_name": "word", "verbose_name_plural": "words"},
        ),
        migrations.RunPython(create, drop),
    ]
