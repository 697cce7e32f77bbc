"""Small helpers the import steps share."""

import time
from datetime import datetime, timezone as dt_timezone


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
