"""Benchmark: what the worst posts we could construct cost the sanitizer, before and after issue 10's bound.

Run:  DATABASE_URL=... .venv/bin/python bench/sanitizer.py [--sizes 25000 50000 100000] [--before-commit 73ae977]

"Before" is forum/content.py as it was at --before-commit (loaded from git, so both versions keep their bleach calls
in content.py); "after" is the working tree's. Each hostile shape is repeated up to each size (the last size is the
post size limit, AGORA_POST_MAX_LENGTH) and sanitized once; the time is printed in seconds. The claim it checks:
after, the cost grows in proportion to the size (doubling the size about doubles the time) for every shape; before,
the nested shapes grew with the square of the size. A "before" run that passes --timeout seconds is cut off and
shown as "> timeout". The database is only read (the sanitizer looks up mentioned members and linked topics).

One run (--timeout 40) on the shared two-core development machine, busy with other work (load average about 6, so
the absolute times are several times what an idle server takes; the growth is what matters):

    shape                                          size   before (s)  after (s)
    nested lists <ul><li>                         25000        26.14       0.10
    nested lists <ul><li>                         50000         > 40       0.15
    nested lists <ul><li>                        100000         > 40       0.91
    nested blocks <div>                           25000        16.68       0.10
    nested blocks <div>                           50000         > 40       0.34
    nested blocks <div>                          100000         > 40       0.37
    nested quotes <blockquote>                    24996         3.10       0.12
    nested quotes <blockquote>                    49992        14.01       0.09
    nested quotes <blockquote>                    99996         > 40       0.67
    nested formatting <b><i>                      24996         9.85       0.26
    nested formatting <b><i>                      49998        25.63       0.43
    nested formatting <b><i>                      99996         > 40       0.73
    misnested <b><p></b></p>                      24990         5.68       1.41
    misnested <b><p></b></p>                      49994        19.29       2.46
    misnested <b><p></b></p>                      99988         > 40       6.39
    unclosed <script>                             25000         5.37       0.02
    unclosed <script>                             50000        12.99       0.02
    unclosed <script>                            100000         > 40       0.02
    spliced <scr<script>                          25000         0.43       0.11
    spliced <scr<script>                          50000         2.93       0.18
    spliced <scr<script>                         100000        10.48       0.19
    10,000s of paragraphs <p><b>x</b></p>         24990         3.97       1.45
    10,000s of paragraphs <p><b>x</b></p>         49995         8.81       2.29
    10,000s of paragraphs <p><b>x</b></p>         99990        24.98       4.37
    line breaks x\n                               25000         5.98       6.18
    line breaks x\n                               50000        14.13      12.19
    line breaks x\n                              100000        24.01      20.78
    links https://a.example/                      24985         0.18       0.32
    links https://a.example/                      49989         0.56       0.54
    links https://a.example/                      99997         0.70       0.98
"""

import argparse
import importlib.util
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

SHAPES = {
    "nested lists <ul><li>": "<ul><li>",
    "nested blocks <div>": "<div>",
    "nested quotes <blockquote>": "<blockquote>",
    "nested formatting <b><i>": "<b><i>",
    "misnested <b><p></b></p>": "<b><p></b></p>",
    "unclosed <script>": "<script>",
    "spliced <scr<script>": "<scr<script></script>ipt>",
    "10,000s of paragraphs <p><b>x</b></p>": "<p><b>x</b></p>",
    "line breaks x\\n": "x\n",
    "links https://a.example/ ": "https://a.example/ ",
}


def load_content(commit):
    """forum/content.py as it was at `commit`, as a module of its own."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:forum/content.py"], check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "content_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("forum.content_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _time_one(commit, raw, queue):
    module = load_content(commit) if commit else importlib.import_module("forum.content")
    started = time.perf_counter()
    module.sanitize_html(raw)
    queue.put(time.perf_counter() - started)


def timed(commit, raw, timeout):
    """Seconds to sanitize `raw` with content.py at `commit` (None: the working tree), in a child process that is
    stopped after `timeout` seconds (None is returned then)."""
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_time_one, args=(commit, raw, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return queue.get()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    limit = settings.AGORA_POST_MAX_LENGTH
    parser.add_argument("--sizes", type=int, nargs="+", default=[limit // 4, limit // 2, limit])
    parser.add_argument("--before-commit", default="73ae977")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--after-only", action="store_true")
    args = parser.parse_args()
    print(f"{'shape':42} {'size':>8} {'before (s)':>12} {'after (s)':>10}")
    for label, unit in SHAPES.items():
        for size in args.sizes:
            raw = unit * (size // len(unit))
            before = None if args.after_only else timed(args.before_commit, raw, args.timeout)
            after = timed(None, raw, args.timeout)
            shown = "-" if args.after_only else (f"> {args.timeout:.0f}" if before is None else f"{before:.2f}")
            print(f"{label:42} {len(raw):>8} {shown:>12} {after:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
