"""The guest form's anti-bot check, all on this server: no third-party service, no tracking.

1. A proof-of-work challenge (ALTCHA's open protocol, v1: SHA-256 with an HMAC-signed challenge), made and checked
   by the `altcha` library; the browser solves it with static/js/guest-post.js. A solved challenge is accepted once.
2. A honeypot field that people never see and bots fill in.
3. A minimum fill time: the form carries a signed timestamp of when it was shown.
"""

import base64
import json
import time
from datetime import timedelta

import altcha
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

_SALT = "guestposts.antibot"


def _hmac_key():
    return f"{settings.SECRET_KEY}:{_SALT}"


def new_challenge():
    """The challenge for one form, as the JSON the browser's solver reads."""
    challenge = altcha.create_challenge_v1(
        algorithm="SHA-256", max_number=settings.AGORA_GUEST_POW_MAX_NUMBER, salt_length=12, hmac_key=_hmac_key(),
        salt="", number=None, expires=timezone.now() + timedelta(hours=2), params=None,
    )
    return json.dumps(challenge.to_dict())


def pow_refusal(payload):
    """None when `payload` (base64 JSON from the solver) solves a challenge of ours that was not used before."""
    if not payload:
        return _("The anti-spam check did not finish. Please wait a moment and send again; it needs JavaScript.")
    try:
        ok, _error = altcha.verify_solution_v1(payload, _hmac_key(), check_expires=True)
        salt = json.loads(base64.b64decode(payload))["salt"] if ok else None
    except Exception:  # anything a forged payload can make the parser raise
        ok = False
    if not ok:
        return _("The anti-spam check failed. Please send the form again.")
    if not cache.add(f"guestposts:pow:{salt}", 1, timeout=3 * 3600):
        return _("The anti-spam check failed. Please send the form again.")
    return None


def solve(challenge_json):
    """Solve a challenge as the browser would (for tests and for scripted checks of a deployment)."""
    data = json.loads(challenge_json)
    solution = altcha.solve_challenge_v1(data["challenge"], data["salt"], data["algorithm"], data["maxNumber"], 0)
    return altcha.PayloadV1(data["algorithm"], data["challenge"], solution.number, data["salt"],
                            data["signature"]).to_base64()


def form_timestamp():
    return signing.dumps(time.time(), salt=_SALT)


def timing_refusal(stamp):
    """None when the form was shown long enough ago for a person to have written in it (and not days ago)."""
    try:
        shown = float(signing.loads(stamp, salt=_SALT, max_age=24 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return _("This form is too old. Please send it again.")
    if time.time() - shown < settings.AGORA_GUEST_MIN_FILL_SECONDS:
        return _("That was quicker than a person types. Please wait a few seconds and send again.")
    return None
