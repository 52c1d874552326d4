"""Vietnamese text helpers shared by search: NFC normalisation and diacritic folding."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, strip tone and vowel marks, đ→d, collapse spaces.

    "Phường Biên Hòa" → "phuong bien hoa".
    """
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip()
