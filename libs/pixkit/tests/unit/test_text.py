"""pixkit.text: the one rule for person-entered text, and its marshmallow side (issue 8)."""
import pytest
from marshmallow import fields
from pixkit.text import code_point, first_forbidden, is_plain_text, without_forbidden
from pixkit.web.schemas import Schema
from pixkit.web.text_fields import SECRET, PlainText

ACCEPTED = ["Alice", "Zoë Ørsted-Łukasz", "李小龍", "محمد", "O'Brien", "a b", "a\u00a0b", "👩‍💻", "x\u200dy", ""]
REFUSED = ["\x00", "a\rb", "a\nb", "a\tb", "\x1b[31m", "\x7f", "\x85", "\x9f", "a\u202eb", "\u202a", "\u202d",
           "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "a\u2028b", "\u2029", "\ud800", "x\udfff"]


@pytest.mark.parametrize("text", ACCEPTED)
def test_names_of_every_script_are_plain_text(text):
    assert is_plain_text(text) and first_forbidden(text) is None


@pytest.mark.parametrize("text", REFUSED)
def test_control_bidi_separator_and_surrogate_characters_are_refused(text):
    assert not is_plain_text(text)


def test_multiline_text_keeps_tab_and_line_breaks_only():
    assert is_plain_text("un\tdeux\r\ntrois", multiline=True)
    for text in ("\x00", "\x0b", "\x0c", "\u202e", "\u2028", "\ud800", "\x1b"):
        assert not is_plain_text(text, multiline=True), repr(text)


def test_the_first_refused_character_is_named():
    assert code_point(first_forbidden("Alice\u202eecilA\x00")) == "U+202E"


def test_text_stored_before_the_rule_can_be_shown_without_its_controls():
    assert without_forbidden("Alice\r\nBcc: x\u202e") == "Alice  Bcc: x "
    assert without_forbidden("Zoë 😀") == "Zoë 😀"


class Person(Schema):
    name = fields.String()
    email = fields.Email()
    tags = fields.List(fields.String())
    password = fields.String(metadata=SECRET)
    answer = fields.Raw(validate=PlainText(multiline=True))


def test_every_string_field_of_a_pix_schema_refuses_control_characters():
    errors = Person().validate({"name": "A\x00", "email": "a\u202e@example.fr", "tags": ["ok", "b\nc"]})
    assert errors["name"] == ["CONTROL_CHARACTERS"]
    assert "CONTROL_CHARACTERS" in errors["email"]
    assert errors["tags"] == {1: ["CONTROL_CHARACTERS"]}


def test_a_secret_keeps_any_character_and_an_answer_its_whitespace():
    assert Person().validate({"password": "p\t\x00ss", "answer": {"a": "un\ndeux", "b": ["x\ty"]}}) == {}
    assert Person().validate({"answer": {"a\u202e": "x"}}) == {"answer": ["CONTROL_CHARACTERS"]}
    assert Person().validate({"answer": ["x", ["\x00"]]}) == {"answer": ["CONTROL_CHARACTERS"]}
    assert Person().validate({"name": "Zoë", "email": "zoe@example.fr", "tags": ["a b"]}) == {}
