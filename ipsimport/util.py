"""Small helpers the import steps share."""

import time
from datetime import datetime, timezone as dt_timezone

from django.utils import timezone
from django.utils.translation import gettext_noop


def when(epoch):
    """An IPS timestamp (Unix seconds, UTC) -> an aware datetime, or None for 0/empty."""
    if not epoch or int(epoch) <= 0:
        return None
    return datetime.fromtimestamp(int(epoch), tz=dt_timezone.utc)


class ProgressBar:
    """One line per table: redrawn in place on a terminal, printed at each tenth otherwise."""

    def __init__(self, out, label, total):
        self.out, self.label, self.total, self.done = out, label, total, 0
        self.tty = hasattr(out, "isatty") and out.isatty()
        self.started, self.shown_tenth = time.monotonic(), -1
        self._show(force=True)

    def add(self, count):
        self.done += count
        self._show()

    def _show(self, force=False):
        share = self.done / self.total if self.total else 1
        tenth = int(share * 10)
        if not (self.tty or force or tenth > self.shown_tenth):
            return
        self.shown_tenth = tenth
        width = 30
        bar = "#" * int(share * width) + "-" * (width - int(share * width))
        line = f"{self.label:<12} [{bar}] {self.done:>9,}/{self.total:,}  {time.monotonic() - self.started:6.1f}s"
        self.out.write(("\r" + line) if self.tty else line + "\n")
        self.out.flush()

    def close(self):
        if self.tty:
            self.out.write("\n")


# Why a member is banned or restricted here: the reasons the import writes (and a later run may lift).
BAN_REASONS = (gettext_noop("Flagged as a spammer on the old board."), gettext_noop("Banned on the old board."))
NEVER = datetime(9999, 1, 1, tzinfo=dt_timezone.utc)


def member_email(row):
    return (row["email"] or "").strip().lower()


def member_last_seen(row):
    return when(max(row["last_visit"] or 0, row.get("last_activity") or 0))


def member_ban(row):
    """(reason, until or None) for a member IPS banned or flagged as a spammer, else None."""
    if (row["members_bitoptions"] or 0) & 1:
        return BAN_REASONS[0], None
    if row["temp_ban"] == -1:
        return BAN_REASONS[1], None
    if (row["temp_ban"] or 0) > 0 and when(row["temp_ban"]) > timezone.now():
        return BAN_REASONS[1], when(row["temp_ban"])
    return None


def member_restriction(row):
    """IPS's "restricted from posting" as a suspension: the User fields."""
    restrict = row.get("restrict_post") or 0
    if not restrict:
        return {"suspended_until": None, "suspension_reason": ""}
    return {"suspended_until": NEVER if restrict == -1 else when(restrict),
            "suspension_reason": gettext_noop("Restricted from posting on the old board.")}
