"""Invision Community's password hashes, verified as IPS verified them and replaced by Django's default hasher at
the member's next sign-in (Django's check_password rehashes whenever the stored hasher is not the first one in
PASSWORD_HASHERS).

- IPS 4.3+ (`$2y$10$...`, PHP's password_hash) and IPS 4.0-4.2 (`$2a$13$...` made with a 22-character salt) are
  complete bcrypt strings: they are stored in Django's bcrypt format, "bcrypt$<the IPS hash>".
- IPB 2/3 (md5 of md5(salt) + md5(escaped password)) gets a hasher of its own: "ipb3_md5$<salt>$<32 hex>".
"""

import hashlib

from django.contrib.auth.hashers import BasePasswordHasher, BCryptPasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

# PHP's crypt() and password_verify() read only the first 72 bytes of a password; bcrypt 5 refuses longer ones.
BCRYPT_MAX_BYTES = 72


class IPSBCryptPasswordHasher(BCryptPasswordHasher):
    """Django's "bcrypt" format, but a password over 72 bytes is cut at 72 bytes as PHP did, instead of raising
    ValueError: an IPS member whose password is longer still signs in with it. Listed in PASSWORD_HASHERS in
    place of Django's own BCryptPasswordHasher (same algorithm name, so the stored values stay Django's)."""

    def encode(self, password, salt):
        raw = password.encode()
        if len(raw) > BCRYPT_MAX_BYTES:
            # Cut bytes, as PHP does, even inside a multi-byte character: the bytes themselves are hashed.
            return self._encode_bytes(raw[:BCRYPT_MAX_BYTES], salt)
        return super().encode(password, salt)

    def _encode_bytes(self, raw, salt):
        bcrypt = self._load_library()
        return "%s$%s" % (self.algorithm, bcrypt.hashpw(raw, salt).decode("ascii"))


# IPB 2/3 stored passwords after its input cleaning turned these characters into HTML entities, in this order.
LEGACY_ESCAPES = [
    ("&", "&amp;"),
    ("<!--", "&#60;&#33;--"),
    ("-->", "--&#62;"),
    ("<script", "&#60;script"),
    (">", "&gt;"),
    ("<", "&lt;"),
    ('"', "&quot;"),
    ("\n", "<br />"),
    ("$", "&#036;"),
    ("!", "&#33;"),
    ("'", "&#39;"),
    ("\\", "&#092;"),
]


def legacy_escape(password):
    for plain, entity in LEGACY_ESCAPES:
        if plain == "<script":
            password = _replace_ignoring_case(password, plain, entity)
        else:
            password = password.replace(plain, entity)
    return password


def _replace_ignoring_case(text, needle, replacement):
    out, lower, start = [], text.lower(), 0
    while (found := lower.find(needle, start)) >= 0:
        out += [text[start:found], replacement]
        start = found + len(needle)
    return "".join(out + [text[start:]])


def _md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def ipb3_digest(password, salt):
    return _md5(_md5(salt) + _md5(legacy_escape(password)))


class IPB3PasswordHasher(BasePasswordHasher):
    """IPB 2/3's salted md5, kept only so that imported members can sign in once; never used to hash anew."""

    algorithm = "ipb3_md5"

    def salt(self):
        raise NotImplementedError("IPB 3 hashes are verified, never made.")

    def encode(self, password, salt):
        return f"{self.algorithm}${salt}${ipb3_digest(password, salt)}"

    def decode(self, encoded):
        # The salt is any 5 printable characters, "$" included: the digest is the last 32 characters.
        algorithm, rest = encoded.split("$", 1)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "salt": rest[:-33], "hash": rest[-32:]}

    def verify(self, password, encoded):
        decoded = self.decode(encoded)
        return constant_time_compare(ipb3_digest(password, decoded["salt"]), decoded["hash"])

    def safe_summary(self, encoded):
        decoded = self.decode(encoded)
        return {_("algorithm"): decoded["algorithm"], _("salt"): mask_hash(decoded["salt"]),
                _("hash"): mask_hash(decoded["hash"])}

    def harden_runtime(self, password, encoded):
        pass

    def must_update(self, encoded):
        return True


def django_password(pass_hash, pass_salt):
    """The `password` value for an IPS member's (members_pass_hash, members_pass_salt), or None when the member has
    no password of their own (an external sign-in): the caller makes it unusable."""
    pass_hash, pass_salt = (pass_hash or "").strip(), (pass_salt or "")
    if pass_hash.startswith(("$2y$", "$2a$", "$2b$")) and len(pass_hash) == 60:
        return "bcrypt$" + pass_hash
    if len(pass_hash) == 32 and pass_salt and all(c in "0123456789abcdef" for c in pass_hash.lower()):
        return f"ipb3_md5${pass_salt}${pass_hash.lower()}"
    return None
