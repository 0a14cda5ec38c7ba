"""Label keys by physical key: what a key press means whatever the input method makes of it.

Under a Korean IME in Hangul mode the letter keys produce jamo (Q gives ㅂ, W gives ㅈ), so a scheme key "q"
must be found from the key code first, and from the standard 2-set (두벌식) layout when only the jamo is known.
"""

from __future__ import annotations

# 두벌식 (KS X 5002): the jamo each QWERTY key types, unshifted and shifted.
DUBEOLSIK = {
    "ㅂ": "q", "ㅈ": "w", "ㄷ": "e", "ㄱ": "r", "ㅅ": "t", "ㅛ": "y", "ㅕ": "u", "ㅑ": "i", "ㅐ": "o", "ㅔ": "p",
    "ㅁ": "a", "ㄴ": "s", "ㅇ": "d", "ㄹ": "f", "ㅎ": "g", "ㅗ": "h", "ㅓ": "j", "ㅏ": "k", "ㅣ": "l",
    "ㅋ": "z", "ㅌ": "x", "ㅊ": "c", "ㅍ": "v", "ㅠ": "b", "ㅜ": "n", "ㅡ": "m",
    "ㅃ": "Q", "ㅉ": "W", "ㄸ": "E", "ㄲ": "R", "ㅆ": "T", "ㅒ": "O", "ㅖ": "P",
}

# Qt::Key values of the keys that have a physical identity here: 0-9 and A-Z are their ASCII codes.
_DIGITS = range(0x30, 0x3A)
_LETTERS = range(0x41, 0x5B)


def physical_key(key_code: int, text: str, *, shift: bool = False) -> str:
    """The character the key would type on a US layout with no IME: "q" for Key_Q whether the text is "q",
    "ㅂ" or empty; a jamo without a usable key code maps through 두벌식; anything else is the text itself."""
    if key_code in _LETTERS:
        letter = chr(key_code)
        return letter if shift else letter.lower()
    if key_code in _DIGITS:
        return chr(key_code)
    if text in DUBEOLSIK:
        return DUBEOLSIK[text]
    return text


def key_candidates(key_code: int, text: str, *, shift: bool = False) -> list[str]:
    """The strings a scheme key may be written as for this press, most specific first (no duplicates)."""
    out = []
    for candidate in (physical_key(key_code, text, shift=shift), text, physical_key(key_code, text).lower()):
        if candidate and candidate not in out:
            out.append(candidate)
    return out
