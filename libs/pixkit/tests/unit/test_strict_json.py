"""pixkit.strict_json: the limits of every request body (issue 8)."""
import json

import pytest
from pixkit.strict_json import MAX_DEPTH, MAX_NUMBER_LENGTH, JsonRefused, loads


def refused(body) -> str:
    with pytest.raises(JsonRefused) as caught:
        loads(body)
    return caught.value.code


def nested(depth: int, kind: str = "[]") -> str:
    opening, closing = kind
    return opening * depth + closing * depth if kind == "[]" else '{"a":' * depth + "1" + "}" * depth


def test_ordinary_documents_decode_as_json_would():
    for text in ['{"firstName": "Zoë", "tags": ["a", 1, 2.5, true, null]}', "[]", '"x"', "-0", "1e10",
                 '{"emoji": "\\ud83d\\ude00", "nbsp": "a\\u00a0b"}', nested(MAX_DEPTH), nested(MAX_DEPTH, "{}")]:
        assert loads(text) == json.loads(text)
        assert loads(text.encode()) == json.loads(text)


@pytest.mark.parametrize("body", [nested(MAX_DEPTH + 1), nested(1000), nested(100_000), nested(MAX_DEPTH + 1, "{}"),
                                  "[" * 50_000, '{"a":' * 1000, '[{"a":[' * 20 + "1" + "]}]" * 20])
def test_nesting_past_the_limit_is_refused_without_recursion(body):
    assert refused(body) == "JSON_TOO_DEEP"


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"a": "[" * 1000 + '\\"{' * 100})
    assert loads(text) == json.loads(text)


@pytest.mark.parametrize("body", ["1" * (MAX_NUMBER_LENGTH + 1), '{"a": ' + "9" * 5000 + "}", "[" + "1" * 4301 + "]",
                                  "1." + "0" * MAX_NUMBER_LENGTH, "1e999", "-1e999", '{"counter": 1' + "0" * 400 + "}"])
def test_numbers_past_the_limit_are_refused(body):
    assert refused(body) == "JSON_NUMBER_TOO_LARGE"


def test_a_number_at_the_limit_is_fine():
    assert loads("9" * MAX_NUMBER_LENGTH) == int("9" * MAX_NUMBER_LENGTH)


@pytest.mark.parametrize("body", ['"\\ud800"', '{"firstName": "A\\udfffB"}', '{"\\ud800": 1}',
                                  '[["x", {"k": ["\\udc00"]}]]', '"\\ude00\\ud83d"', '{"a": {"\\udbff": "ok"}}'])
def test_lone_surrogates_are_refused_in_values_and_keys(body):
    assert refused(body) == "JSON_INVALID_UNICODE"


@pytest.mark.parametrize("body", [b'{"a": "\xed\xa0\x80"}', b"\xff", b'{"a": 1', b"NaN", b'{"a": Infinity}',
                                  b"[-Infinity]", b"", b"   ", b"{'a': 1}", b'\xef\xbb\xbf{"a": 1}'])
def test_what_is_not_json_is_invalid_json(body):
    assert refused(body) == "INVALID_JSON"


def test_a_refusal_tells_its_limit():
    with pytest.raises(JsonRefused) as caught:
        loads(nested(40))
    assert caught.value.params == {"limit": MAX_DEPTH}
