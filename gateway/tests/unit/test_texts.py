"""The pages' texts: one module per feature, the same keys in French and English, each key
in one module only, and a strict lookup under TESTING (a missing key raises instead of
showing the key on the page)."""
from __future__ import annotations

import re
from pathlib import Path

import pix_gateway
import pytest
from flask import Flask
from pix_gateway.web import i18n
from pix_gateway.web.texts import FEATURES

SOURCES = Path(pix_gateway.__file__).parent
LITERAL_KEY = re.compile(r"""\bt\(\s*['"]([\w.]+)['"]""")


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_french_and_english_have_the_same_keys(feature):
    texts = FEATURES[feature]
    assert set(texts) == set(i18n.LANGUAGES)
    assert sorted(texts["fr"]) == sorted(texts["en"])
    assert all(text.strip() for lang in i18n.LANGUAGES for text in texts[lang].values())


def test_each_key_is_in_one_feature_only():
    owners: dict[str, list[str]] = {}
    for feature, texts in FEATURES.items():
        for key in texts["fr"]:
            owners.setdefault(key, []).append(feature)
    assert {key: where for key, where in owners.items() if len(where) > 1} == {}


def test_every_key_written_in_a_template_or_a_view_has_its_texts():
    written = {key for path in [*SOURCES.glob("templates/*.html"), *SOURCES.glob("web/*.py")]
               for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    assert len(written) > 100  # the scan finds the pages' keys
    known = set(i18n.TEXTS["fr"])
    prefixes = {key for key in written if key.endswith(".")}  # t("field." ~ name): some key must follow
    assert written - prefixes - known == set()
    assert {prefix for prefix in prefixes if not any(key.startswith(prefix) for key in known)} == set()


def lookup(testing: bool, key: str, lang: str = "en") -> str:
    app = Flask("t")
    app.testing = testing
    with app.test_request_context("/", headers={"Cookie": f"{i18n.COOKIE}={lang}"}):
        return i18n.t(key)


def test_a_missing_key_raises_under_testing():
    with pytest.raises(i18n.MissingText, match="nav.nowhere"):
        lookup(True, "nav.nowhere")
    assert lookup(True, "nav.login") == "Sign in"
    assert lookup(True, "nav.login", "fr") == "Se connecter"


def test_a_missing_key_shows_the_key_outside_tests():
    assert lookup(False, "nav.nowhere") == "nav.nowhere"
