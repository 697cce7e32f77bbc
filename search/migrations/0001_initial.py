"""The search index: a table of one tsvector per post, its GIN index, and the PostgreSQL functions and triggers that
keep it current.

Why in the database: posts are written by forum.services, moderation.services (edits, hide/restore, delete, and raw
UPDATEs that renumber posts on merge and split), guestposts, imports and bulk inserts. A trigger sees every one of
them, in the writer's own transaction, without forum importing this app or any writer remembering a signal.

How text becomes tokens (the same functions index posts and parse queries, so both always agree):
- Runs of Chinese characters (and Japanese kana) become overlapping two-character tokens, plus the run's last
  character alone: 科技协议 -> 科技 技协 协议 议, fed to the 'simple' configuration. A two-character query is one token,
  found only where the two characters stand side by side; a longer one is a phrase of its bigrams (科技 <-> 技协 <->
  协议); a one-character query is a prefix search (协:*), which every occurrence of the character satisfies.
- Everything else goes to the 'english' configuration (stemming, stop words), parsed by websearch_to_tsquery, so
  "quoted phrases", `or` and -exclusions work.
- Stored HTML is reduced to text here: tags removed (block tags leave a space), the entities the sanitizer writes
  decoded.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+"

FUNCTIONS = rf"""
CREATE OR REPLACE FUNCTION agora_search_plain(html text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT replace(replace(replace(replace(replace(replace(replace(
    regexp_replace(
      regexp_replace(coalesce(html, ''),
        '<(br|/?p|/?li|/?ul|/?ol|/?h[1-6]|/?blockquote|/?pre|/?div|/?tr|/?td|/?th|/?figure|/?figcaption)\y[^>]*>',
        ' ', 'gi'),
      '<[^>]*>', '', 'g'),
    '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&#x27;', ''''), '&nbsp;', ' '), '&amp;', '&')
$$;

-- Each run of CJK characters -> its overlapping bigrams and its last character, space-separated. (A plain loop: about
-- twice as fast as string_agg over generate_series, which sorts.)
CREATE OR REPLACE FUNCTION agora_search_cjk_words(t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  run text;
  words text := '';
  n int;
BEGIN
  FOR run IN SELECT m[1] FROM regexp_matches(coalesce(t, ''), '{CJK}', 'g') AS m LOOP
    n := length(run);
    FOR i IN 1 .. n - 1 LOOP
      words := words || substr(run, i, 2) || ' ';
    END LOOP;
    words := words || substr(run, n, 1) || ' ';
  END LOOP;
  RETURN words;
END
$$;

CREATE OR REPLACE FUNCTION agora_search_vector(t text, weight "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(
    to_tsvector('english'::regconfig, regexp_replace(coalesce(t, ''), '{CJK}', ' ', 'g'))
    || to_tsvector('simple'::regconfig, agora_search_cjk_words(t)),
    weight)
$$;

-- A post's document: its text (weight D) and, for a topic's first post, the topic's title (weight A).
CREATE OR REPLACE FUNCTION agora_search_post_document(html text, title text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN title IS NULL THEN ''::tsvector ELSE agora_search_vector(title, 'A') END
         || agora_search_vector(agora_search_plain(html), 'D')
$$;

-- What a visitor typed -> a tsquery. CJK runs: one character is a prefix search, longer runs a phrase of bigrams.
CREATE OR REPLACE FUNCTION agora_search_cjk_query(q text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  run text;
  part tsquery;
  result tsquery;
BEGIN
  FOR run IN SELECT m[1] FROM regexp_matches(coalesce(q, ''), '{CJK}', 'g') AS m LOOP
    IF length(run) = 1 THEN
      part := to_tsquery('simple'::regconfig, quote_literal(run) || ':*');
    ELSE
      part := phraseto_tsquery('simple'::regconfig,
        (SELECT string_agg(substr(run, i, 2), ' ' ORDER BY i) FROM generate_series(1, length(run) - 1) AS i));
    END IF;
    result := CASE WHEN result IS NULL THEN part ELSE result && part END;
  END LOOP;
  RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION agora_search_english_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT websearch_to_tsquery('english'::regconfig, regexp_replace(coalesce(q, ''), '{CJK}', ' ', 'g'))
$$;

CREATE OR REPLACE FUNCTION agora_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN agora_search_cjk_query(q) IS NULL THEN agora_search_english_query(q)
              ELSE agora_search_english_query(q) && agora_search_cjk_query(q) END
$$;

-- Triggers: a post's document follows its text, and whether it is its topic's first post (which carries the title).
CREATE OR REPLACE FUNCTION agora_search_post_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_postdocument (post_id, document)
  VALUES (NEW.id, agora_search_post_document(
    NEW.content, CASE WHEN NEW.position = 1 THEN (SELECT title FROM forum_topic WHERE id = NEW.topic_id) END))
  ON CONFLICT (post_id) DO UPDATE SET document = EXCLUDED.document;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION agora_search_topic_retitled() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_postdocument AS d SET document = agora_search_post_document(p.content, NEW.title)
  FROM forum_post AS p WHERE p.topic_id = NEW.id AND p.position = 1 AND d.post_id = p.id;
  RETURN NULL;
END
$$;
"""

CREATE = FUNCTIONS + r"""
ALTER TABLE search_postdocument ADD CONSTRAINT search_postdocument_post_fk
  FOREIGN KEY (post_id) REFERENCES forum_post (id) ON DELETE CASCADE;

CREATE TRIGGER agora_search_post_insert AFTER INSERT ON forum_post
  FOR EACH ROW EXECUTE FUNCTION agora_search_post_changed();
-- Renumbering (merge, split) moves every position through a high offset and back: only the rows that become or stop
-- being a first post, or whose text changed, are worked on.
CREATE TRIGGER agora_search_post_update AFTER UPDATE OF content, position, topic_id ON forum_post
  FOR EACH ROW WHEN (OLD.content IS DISTINCT FROM NEW.content
                     OR (OLD.position = 1) IS DISTINCT FROM (NEW.position = 1)
                     OR (NEW.position = 1 AND OLD.topic_id IS DISTINCT FROM NEW.topic_id))
  EXECUTE FUNCTION agora_search_post_changed();
CREATE TRIGGER agora_search_topic_title AFTER UPDATE OF title ON forum_topic
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
  EXECUTE FUNCTION agora_search_topic_retitled();

-- The posts already written.
INSERT INTO search_postdocument (post_id, document)
SELECT p.id, agora_search_post_document(p.content, CASE WHEN p.position = 1 THEN t.title END)
FROM forum_post AS p JOIN forum_topic AS t ON t.id = p.topic_id;
"""

DROP = r"""
DROP TRIGGER IF EXISTS agora_search_post_insert ON forum_post;
DROP TRIGGER IF EXISTS agora_search_post_update ON forum_post;
DROP TRIGGER IF EXISTS agora_search_topic_title ON forum_topic;
DROP FUNCTION IF EXISTS agora_search_post_changed(), agora_search_topic_retitled(), agora_search_query(text),
  agora_search_english_query(text), agora_search_cjk_query(text), agora_search_post_document(text, text),
  agora_search_vector(text, "char"), agora_search_cjk_words(text), agora_search_plain(text);
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        # The SQLite fallback (a quick look only) has no full-text search: an empty table keeps flushes working.
        schema_editor.execute("CREATE TABLE search_postdocument (post_id integer PRIMARY KEY, document text)")
        return
    schema_editor.execute("CREATE TABLE search_postdocument (post_id bigint PRIMARY KEY, document tsvector NOT NULL)")
    schema_editor.execute("CREATE INDEX search_post_document ON search_postdocument USING gin (document)")
    schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
    schema_editor.execute("DROP TABLE search_postdocument")


class Migration(migrations.Migration):
    initial = True
    dependencies = [("forum", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PostDocument",
                    fields=[
                        ("post", models.OneToOneField(db_constraint=False, on_delete=models.DO_NOTHING,
                                                      primary_key=True, related_name="search_document",
                                                      serialize=False, to="forum.post", verbose_name="post")),
                        ("document", SearchVectorField(verbose_name="document")),
                    ],
                    options={
                        "verbose_name": "search document",
                        "verbose_name_plural": "search documents",
                        "indexes": [GinIndex(fields=["document"], name="search_post_document")],
                    },
                ),
            ],
            database_operations=[migrations.RunPython(create_index, drop_index)],
        ),
    ]
