"""What a person may type into Pix: the one rule for every person-entered text (docs/adr/0008).

Refused, anywhere in the text:
- control characters (Unicode Cc: NUL, tab, CR, LF, ESC, DEL, the C1 block…): they cut
  strings in C code, split mail headers and bodies, and hide text in logs;
- bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): they make a name
  display in another order than it was typed ("Alice\u202eecilA");
- the line and paragraph separators U+2028, U+2029 (line breaks by another name);
- lone surrogates (U+D800–U+DFFF): no character at all; pymongo and hashing fail on them.

Ordinary and no-break spaces, letters, marks, emoji and zero-width joiners of every script
stay allowed. Multi-line text (e.g. a typed answer) may also keep tab, CR and LF.

Pure Python on purpose: domain code and the gateway's forms use it without Flask.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

CONTROL_CHARACTERS = "CONTROL_CHARACTERS"

# As regular-expression escapes (no invisible character in this source file).
_BIDI_AND_SEPARATORS = r"\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
_SURROGATES = r"\ud800-\udfff"
_FORBIDDEN = re.compile(rf"[\x00-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}{_SURROGATES}]")
# The same without the whitespace controls a multi-line text legitimately holds (tab, LF, CR).
_FORBIDDEN_MULTILINE = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}{_SURROGATES}]")

MESSAGES = {
    CONTROL_CHARACTERS: {
        "fr": "Ce champ contient un caractère invisible ou de contrôle (retour à la ligne, tabulation, "
              "caractère nul, inversion du sens du texte…) ; retirez-le.",
        "en": "This field contains an invisible or control character (line break, tab, null character, "
              "text direction override…); please remove it.",
    },
}


def first_forbidden(text: str, *, multiline: bool = False) -> str | None:
    """The first refused character of `text`, or None when it is acceptable."""
    match = (_FORBIDDEN_MULTILINE if multiline else _FORBIDDEN).search(text)
    return match.group() if match else None


def is_plain_text(text: str, *, multiline: bool = False) -> bool:
    return first_forbidden(text, multiline=multiline) is None


def strings_in(document: Any) -> Iterator[str]:
    """Every string of a decoded JSON document, object keys included (iterative: a deep
    document cannot exhaust the stack)."""
    pending = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            pending.extend(node.keys())
            pending.extend(node.values())
        elif isinstance(node, list | tuple):
            pending.extend(node)


def without_forbidden(text: str, replacement: str = " ") -> str:
    """`text` with each refused character replaced: for showing or mailing what was stored
    before the rule existed (names typed before issue 8), never for accepting input."""
    return _FORBIDDEN.sub(replacement, text)


def code_point(char: str) -> str:
    """"U+202E": how a refused character is named in logs and error details."""
    return f"U+{ord(char):04X}"
