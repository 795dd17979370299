"""The path decision on its own: one normal form, every other spelling refused."""
from urllib.parse import unquote

import pytest
from pix_gateway import edge_path

REFUSED = [
    "/api/framework/../../metrics",
    "/api/framework/./metrics",
    "/api/framework/..",
    "/api/framework/.",
    "/api/.well-known/%2e%2e/%2e%2e/metrics",
    "/api/.well-known/%2E%2E/%2E%2E/ready",
    "/api/users/.%2e/password-resets",
    "/api/users/%2e./password-resets",
    "/api/users/%2e/password-resets",
    "/api/users/%252e%252e/password-resets",  # double-encoded
    "/api/users/%25/x",
    "/api/users\\..\\metrics",
    "/api/users/%5c..%5cmetrics",
    "/api/users/%5C",
    "/api/users%2f..%2fmetrics",
    "/api/users/%2F",
    "/api//users",
    "//api/users",
    "/api/users/%00",
    "/api/users/%0d%0aSet-Cookie",
    "/api/users/%09",
    "/api/users/%7f",
    "/api/users/%E2%80%AE",  # right-to-left override
    "/api/users/%C3",  # invalid UTF-8
    "/api/users/%zz",
    "/api/users/%4",
    "/api/%75sers",  # an encoded "u": normalizers decode it
    "/api/users/a b",
    "*",
    "api/users",
]
ACCEPTED = [
    "/",
    "/api/users",
    "/api/users/",
    "/api/.well-known/jwks.json",
    "/api/assessments/competences/1.1/improvement",
    "/api/users/...",  # three dots is a name, not a dot segment
    "/api/caf%C3%A9",
    "/api/a%20b",
    "/evaluation/abc/fichier/c-1/xlsx",
]


@pytest.mark.parametrize("raw", REFUSED)
def test_every_other_spelling_is_refused(raw):
    decided = edge_path.decide(raw, unquote(raw))
    assert isinstance(decided, edge_path.Refusal), raw
    assert decided.reason


@pytest.mark.parametrize("raw", ACCEPTED)
def test_a_normal_path_is_decided_as_it_is_and_forwarded_the_same(raw):
    path = unquote(raw)
    assert edge_path.decide(raw, path) == path
    assert unquote(edge_path.encoded(path)) == path
    assert edge_path.decide(edge_path.encoded(path), path) == path  # what the service receives holds too


def test_a_raw_form_that_the_server_decoded_otherwise_is_refused():
    assert isinstance(edge_path.decide("/api/users", "/api/other"), edge_path.Refusal)


@pytest.mark.parametrize(("path", "normal"), [
    ("/a/b/../c", "/a/c"), ("/a/./b", "/a/b"), ("/a//b", "/a/b"), ("/a/b/..", "/a/"), ("/../a", "/a"),
    ("/a/b/", "/a/b/"), ("/", "/"),
])
def test_normalization_is_what_a_client_would_make_of_the_path(path, normal):
    assert edge_path.normalized(path) == normal


@pytest.mark.parametrize(("environ", "raw"), [
    ({"RAW_URI": "/api/x/%2e%2e?a=1"}, "/api/x/%2e%2e"),
    ({"REQUEST_URI": "/api/x#frag"}, "/api/x#frag"),
    ({"RAW_URI": "http://evil.test/api/x/%2e"}, "/api/x/%2e"),
    ({}, None),
])
def test_the_raw_path_comes_from_the_server(environ, raw):
    assert edge_path.raw_path(environ) == raw


def test_the_query_keeps_its_encoding_and_loses_nothing():
    assert edge_path.encoded_query(b"a=%2e%2e&b=caf%c3%A9") == "a=%2E%2E&b=caf%C3%A9"
    assert edge_path.encoded_query(b"a=#b c") == "a=%23b%20c"
