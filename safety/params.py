"""The one way to read an id or a number from a request: ASCII digits only.

str.isdigit() accepts "²" and "٣" (int() refuses the first and reads the second as 3); URL patterns use [0-9]
(Django's <int:> converter does too) and everything read from a query string or a form goes through parse_id.
"""

import re

_ASCII_NUMBER = re.compile(r"[0-9]{1,18}")  # 18 digits stay within PostgreSQL's bigint


def parse_id(value):
    """The int written in ASCII digits in `value`, or None for anything else (missing, empty, "²", "-1", "1e3")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    if not isinstance(value, str) or not _ASCII_NUMBER.fullmatch(value):
        return None
    return int(value)
