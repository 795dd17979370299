"""The one check of every return-to target (`next`) the web pages redirect to (issue 8).

A target is kept only if a browser cannot read it as another site: a path on this site,
starting with exactly one "/". Browsers strip tabs and line breaks from URLs and read "\\"
as "/", so "/\\t/evil.test" and "/\\evil.test" both mean "//evil.test": another host. Refused,
then, anything with a scheme or an authority, a second "/" or a "\\" right after the first,
any backslash, whitespace or control character anywhere, in the raw value or once
percent-decoded ("/%2f/evil.test", "/%09/evil.test"). A refused target becomes `fallback`:
a bad link lands on a page of ours, never on an error.
"""
from __future__ import annotations

from urllib.parse import unquote

from pixkit.text import first_forbidden

HOME = "/"
MAX_LENGTH = 2000
_DECODINGS = 3  # "%252f" is "%2f" once decoded, "/" twice: judge every layer


def is_safe_local_path(target: object) -> bool:
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return False
    layer = target
    for _ in range(_DECODINGS):
        if not _looks_local(layer):
            return False
        try:
            decoded = unquote(layer, errors="strict") if "%" in layer else layer
        except UnicodeDecodeError:
            return False  # "%ED%A0%80": bytes that are no text
        if decoded == layer:
            return True
        layer = decoded
    return False  # still changing after every decoding: nobody writes links like that


def safe_local_path(target: object, fallback: str = HOME) -> str:
    """`target` when it is a path of this site, else `fallback`."""
    return target if is_safe_local_path(target) else fallback


def _looks_local(path: str) -> bool:
    if not path.startswith("/") or path[1:2] in ("/", "\\"):
        return False  # "//host", "/\\host": scheme-relative, another site
    if "\\" in path or any(ch.isspace() for ch in path):
        return False
    return first_forbidden(path) is None  # controls, bidi, separators, lone surrogates
