"""The web pages' language and the lookup of their texts (texts/, one module per feature).
The language comes from the `pix_lang` cookie set by the header's switch; French when
absent or unknown."""
from __future__ import annotations

from flask import current_app, has_app_context, request

from .texts import FEATURES

LANGUAGES = ("fr", "en")
DEFAULT = "fr"
COOKIE = "pix_lang"

TEXTS: dict[str, dict[str, str]] = {
    lang: {key: text for feature in FEATURES.values() for key, text in feature[lang].items()} for lang in LANGUAGES}


class MissingText(KeyError):
    """A key no texts module has: raised under TESTING, so that a page never shows it unnoticed."""


def language() -> str:
    chosen = request.cookies.get(COOKIE, DEFAULT)
    return chosen if chosen in LANGUAGES else DEFAULT


def t(key: str) -> str:
    texts = TEXTS[language()]
    if key not in texts and has_app_context() and current_app.testing:
        raise MissingText(f"no {language()} text for {key!r}")
    return texts.get(key) or TEXTS[DEFAULT].get(key, key)
