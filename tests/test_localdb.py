"""How `make run` and `make test` find a database (config/localdb.py)."""

import shutil

import pytest

from config import localdb

UNREACHABLE_PORT = 1  # nothing listens there


def test_database_url_from_the_environment_wins(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example/agora")
    assert localdb.resolve().url == "postgres://someone@db.example/agora"


def test_local_server_is_used_and_the_database_created(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    found = localdb.resolve()
    assert found.source == "local" and found.url.endswith("/agora")


def test_sqlite_fallback_when_no_postgres_at_all(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    found = localdb.resolve(port=UNREACHABLE_PORT, var_dir=tmp_path, allow_private=False)
    assert found.source == "sqlite" and found.url == f"sqlite:///{tmp_path / 'agora.sqlite3'}"
    assert localdb.resolve(port=UNREACHABLE_PORT, var_dir=tmp_path, allow_private=False,
                           require_postgres=True) is None


@pytest.mark.skipif(localdb.find_server_binaries() is None, reason="PostgreSQL server binaries are not installed")
def test_private_cluster_starts_under_var_and_stops_cleanly(monkeypatch):
    import tempfile
    from pathlib import Path

    import psycopg2

    monkeypatch.delenv("DATABASE_URL", raising=False)
    # Not pytest's tmp_path: as root, the cluster runs as `postgres`, who must be able to reach the directory.
    top = Path(tempfile.mkdtemp(prefix="agora-pg-"))
    top.chmod(0o755)
    var = top / "var"
    found = localdb.resolve(port=UNREACHABLE_PORT, var_dir=var, quiet=True)
    try:
        assert found.source == "private"
        conn = psycopg2.connect(dbname="agora", host=str(var / "pgsock"), user="postgres")
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
            assert cur.fetchone() == (1,)
        conn.close()
    finally:
        found.close()
    assert not (var / "pgdata" / "postmaster.pid").exists()
    shutil.rmtree(top, ignore_errors=True)
