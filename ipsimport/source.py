"""Reading an Invision Community database (MySQL or MariaDB) through PyMySQL. Reads only: every statement here is
a SELECT, and the session is made read-only where the server allows it."""

import html
from urllib.parse import unquote, urlsplit

import pymysql
import pymysql.cursors


class SourceError(Exception):
    """The source database cannot be read (a clear message for the command line)."""


def parse_source_url(url):
    """mysql://user:pass@host[:port]/database -> PyMySQL connect() arguments."""
    parts = urlsplit(url)
    if parts.scheme not in ("mysql", "mariadb") or not parts.path.strip("/"):
        raise SourceError(f"--source must look like mysql://user:password@host/database, not {url!r}.")
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
        "database": unquote(parts.path.strip("/")),
    }


def source_key(url, prefix):
    """How an imported board is named in Agora: host, port, database and prefix, never the password."""
    args = parse_source_url(url)
    return f"{args['host']}:{args['port']}/{args['database']}/{prefix}"


class Source:
    def __init__(self, url, prefix=""):
        args = parse_source_url(url)
        try:
            self.conn = pymysql.connect(**args, charset="utf8mb4", cursorclass=pymysql.cursors.DictCursor,
                                        autocommit=True, connect_timeout=10)
        except pymysql.MySQLError as error:
            raise SourceError(f"Cannot connect to the source database: {error}") from error
        self.prefix = prefix
        with self.conn.cursor() as cursor:
            try:
                cursor.execute("SET SESSION TRANSACTION READ ONLY")
            except pymysql.MySQLError:
                pass  # very old servers: we still only ever SELECT
            cursor.execute("SHOW TABLES")
            self.tables = {next(iter(row.values())) for row in cursor.fetchall()}

    def close(self):
        self.conn.close()

    def has(self, table):
        return self.prefix + table in self.tables

    def name(self, table):
        return f"`{self.prefix}{table}`"

    def query(self, sql, params=()):
        """Rows as dicts. `{t:name}` in the SQL stands for a table name with its prefix."""
        with self.conn.cursor() as cursor:
            cursor.execute(self._tables(sql), params)
            return cursor.fetchall()

    def _tables(self, sql):
        import re

        return re.sub(r"\{t:(\w+)\}", lambda m: self.name(m[1]), sql)

    def count(self, table, where="1=1", params=()):
        if not self.has(table):
            return 0
        return self.query(f"SELECT COUNT(*) AS n FROM {{t:{table}}} WHERE {where}", params)[0]["n"]

    def batches(self, table, key, after, size, columns="*", where="1=1"):
        """Rows in key order after `after`, `size` at a time (keyset pagination: resumable, no OFFSET)."""
        while True:
            rows = self.query(
                f"SELECT {columns} FROM {{t:{table}}} WHERE {key} > %s AND ({where}) ORDER BY {key} LIMIT %s",
                (after, size))
            if not rows:
                return
            yield rows
            after = rows[-1][key]

    # Language strings ------------------------------------------------------------------------------------------
    def languages(self):
        """[(lang_id, short code such as "en_US", is_default)], the default first."""
        rows = self.query("SELECT lang_id, lang_short, lang_default FROM {t:core_sys_lang} ORDER BY lang_default DESC,"
                          " lang_id")
        return [(r["lang_id"], r["lang_short"], bool(r["lang_default"])) for r in rows]

    def words(self, keys):
        """{word_key: {lang_id: text}} for these keys, word_custom over word_default."""
        found = {}
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join(["%s"] * len(chunk))
            for row in self.query(f"SELECT lang_id, word_key, word_default, word_custom FROM {{t:core_sys_lang_words}}"
                                  f" WHERE word_key IN ({marks})", chunk):
                text = row["word_custom"] if row["word_custom"] not in (None, "") else row["word_default"]
                found.setdefault(row["word_key"], {})[row["lang_id"]] = text or ""
        return found


def text(value):
    """A name or title from IPS: entities decoded (IPB 3-era rows were stored escaped), double-encoded UTF-8
    repaired."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return html.unescape(repair_mojibake(value)).strip()


# Characters that UTF-8 text read as latin1/cp1252 and encoded again starts with ("Ã©" for "é", "â€™" for "’",
# "Ã¤" ...). Only text holding one of them is tried, and the repair is kept only when it decodes cleanly.
_MOJIBAKE_MARKERS = ("Ã", "Â", "â€", "ä", "Ä", "Å", "Æ", "Ç", "å", "æ", "ç", "è", "é", "ï¼", "ð\x9f", "ðŸ")


def repair_mojibake(value):
    if not value or value.isascii() or not any(marker in value for marker in _MOJIBAKE_MARKERS):
        return value
    for codec in ("cp1252", "latin-1"):
        try:
            repaired = value.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != value:
            return repaired
    return value
