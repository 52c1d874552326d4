"""The person key: a keyed hash of the citizen ID, so the same person is recognised without
the ID being stored."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

# Domain separation: the same ID gives a different key here than in the dossier register
# (`dossiers.services.common.applicant_key`), so the two registers cannot be joined on it.
_KEY_PREFIX = b"tinhso.literacy.person:"
ID_LENGTH = 12


def normalise_id(raw: str, *, numeric: bool = False) -> str | None:
    """The 12 digits of a citizen ID, or None when `raw` is not one.

    Spaces, dots and dashes are ignored. The first three digits are the province-of-birth
    code (001–096). A cell that Excel stored as a number has lost its leading zero: an
    11-digit number is padded back, but only when `numeric` says the cell was a number (in
    text, 11 digits is a typing error).
    """
    digits = "".join(ch for ch in raw if ch not in " .-\u00a0\t")
    if not digits.isdigit():
        return None
    if numeric and len(digits) == ID_LENGTH - 1:
        digits = "0" + digits
    if len(digits) != ID_LENGTH:
        return None
    if not 1 <= int(digits[:3]) <= 96:
        return None
    return digits


def person_key(id_number: str) -> str:
    """HMAC-SHA256 (server secret) of the normalised 12-digit ID, as 64 hex characters.

    Rule: the input must already be normalised (`normalise_id`). Changing SECRET_KEY changes
    every key: stored records then no longer match re-imports of the same persons.
    """
    return hmac.new(
        settings.SECRET_KEY.encode(), _KEY_PREFIX + id_number.encode(), hashlib.sha256
    ).hexdigest()
