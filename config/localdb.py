"""Find a database for `make run` and `make test`, then run a command with DATABASE_URL set.

Resolution, in order:
1. DATABASE_URL from the environment, used as it is.
2. A PostgreSQL server on 127.0.0.1:5432 (user postgres, trust auth); the database `agora` is created if missing.
3. A private cluster under var/pgdata, started with PostgreSQL's own `initdb` and `pg_ctl` (as the `postgres`
   system user when we are root, since PostgreSQL refuses to run as root), stopped again when the command ends.
4. An embedded SQLite file (var/agora.sqlite3), with a one-line notice. `--require-postgres` refuses this step.

The cache likewise: REDIS_URL from the environment, else a Redis answering on 127.0.0.1:6379 (database 0), else each
process's own memory, with a one-line notice.

Usage: python -m config.localdb [--require-postgres] -- COMMAND [ARGS...]
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
DB_NAME = "agora"
LOCAL_HOST = "127.0.0.1"
LOCAL_PORT = 5432

INSTALL_HINT = (
    "The test suite needs PostgreSQL. Set DATABASE_URL to a server you can use, start one on 127.0.0.1:5432, "
    "or install PostgreSQL's server binaries (Debian: `apt-get install postgresql`) so that a private cluster "
    "can be started under var/."
)


@dataclass
class Resolution:
    url: str
    source: str  # "env", "local", "private", "sqlite"
    cleanup: list = field(default_factory=list)

    def close(self):
        while self.cleanup:
            self.cleanup.pop()()


def _connect(dsn: dict, dbname: str):
    import psycopg2

    return psycopg2.connect(dbname=dbname, connect_timeout=3, **dsn)


def ensure_database(dsn: dict, name: str = DB_NAME) -> bool:
    """Create database `name` on the server if it is missing. False when the server cannot be reached."""
    import psycopg2

    try:
        conn = _connect(dsn, "postgres")
    except psycopg2.OperationalError:
        return False
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()
    return True


def find_server_binaries() -> tuple[str, str] | None:
    """Paths of initdb and pg_ctl: on PATH, or in Debian's versioned directory."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        i, p = Path(bindir, "initdb"), Path(bindir, "pg_ctl")
        if i.exists() and p.exists():
            return str(i), str(p)
    return None


def _as_postgres_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *cmd]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(cmd)]


def _give_to_postgres(path: Path):
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(path, entry.pw_uid, entry.pw_gid)


def start_private_cluster(var_dir: Path = VAR_DIR, quiet: bool = False) -> Resolution | None:
    """Start (initialising on first use) a cluster that listens only on a Unix socket under var/."""
    binaries = find_server_binaries()
    if not binaries:
        return None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return None
    initdb, pg_ctl = binaries
    data, sock = var_dir / "pgdata", var_dir / "pgsock"
    var_dir.mkdir(parents=True, exist_ok=True)
    sock.mkdir(exist_ok=True)
    _give_to_postgres(sock)
    out = subprocess.DEVNULL if quiet else None
    if not (data / "PG_VERSION").exists():
        data.mkdir(exist_ok=True)
        _give_to_postgres(data)
        made = subprocess.run(
            _as_postgres_user([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                               "--no-locale"]),
            stdout=out, stderr=subprocess.STDOUT if quiet else None,
        )
        if made.returncode != 0:  # e.g. the postgres user cannot reach a directory inside a private home
            shutil.rmtree(data, ignore_errors=True)
            return None
    options = f"-c listen_addresses='' -c unix_socket_directories='{sock}'"
    started = subprocess.run(
        _as_postgres_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(data / "server.log"), "-w", "start"]),
        stdout=out, stderr=subprocess.STDOUT if quiet else None,
    )
    if started.returncode != 0:
        return None

    def stop():
        subprocess.run(_as_postgres_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    dsn = {"host": str(sock), "user": "postgres"}
    for _ in range(20):
        if ensure_database(dsn):
            break
        time.sleep(0.25)
    else:
        stop()
        return None
    url = f"postgres://postgres@{str(sock).replace('/', '%2F')}/{DB_NAME}"
    return Resolution(url=url, source="private", cleanup=[stop])


def resolve(require_postgres: bool = False, host: str = LOCAL_HOST, port: int = LOCAL_PORT,
            var_dir: Path = VAR_DIR, allow_private: bool = True, quiet: bool = False) -> Resolution | None:
    if os.environ.get("DATABASE_URL"):
        return Resolution(url=os.environ["DATABASE_URL"], source="env")
    if ensure_database({"host": host, "port": port, "user": "postgres"}):
        return Resolution(url=f"postgres://postgres@{host}:{port}/{DB_NAME}", source="local")
    if allow_private:
        private = start_private_cluster(var_dir, quiet=quiet)
        if private:
            return private
    if require_postgres:
        return None
    var_dir.mkdir(parents=True, exist_ok=True)
    return Resolution(url=f"sqlite:///{var_dir / 'agora.sqlite3'}", source="sqlite")


def find_redis(host: str = LOCAL_HOST, port: int = 6379) -> str | None:
    """REDIS_URL as given, or the local Redis when it answers PING; None when there is none."""
    import socket

    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        with socket.create_connection((host, port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            if conn.recv(16).startswith(b"+PONG"):
                return f"redis://{host}:{port}/0"
    except OSError:
        pass
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--require-postgres", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command to run after --")

    found = resolve(require_postgres=args.require_postgres)
    if found is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    if found.source == "sqlite":
        print("Notice: no PostgreSQL found; using the embedded SQLite file var/agora.sqlite3 "
              "(see README, 'Without PostgreSQL').", file=sys.stderr)
    elif found.source == "private":
        print("Using a private PostgreSQL cluster under var/pgdata (stopped when this command ends).",
              file=sys.stderr)
    env = dict(os.environ, DATABASE_URL=found.url)
    redis_url = find_redis()
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        print("Notice: no Redis on 127.0.0.1:6379; the cache is each process's own memory (fine for one development "
              "server; set REDIS_URL to share it).", file=sys.stderr)
    child = None
    try:
        child = subprocess.Popen(command, env=env)
        # Ctrl+C reaches the child through the terminal; we only wait for it and then clean up.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        return child.wait()
    finally:
        found.close()


if __name__ == "__main__":
    sys.exit(main())
