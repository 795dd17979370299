"""pixkit.web.protocol_errors: what gunicorn refuses before the app is answered in the Pix
error shape, without echoing the request."""
import json

from gunicorn import util
from pixkit.web import protocol_errors


def parse(raw: bytes) -> tuple[str, dict[str, str], dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    assert int(headers["Content-Length"]) == len(body)
    return status, headers, json.loads(body)


def test_an_unknown_transfer_coding_is_a_json_501():
    status, headers, body = parse(protocol_errors.error_bytes(501, "Not Implemented"))
    assert status == "HTTP/1.1 501 Not Implemented"
    assert headers["Content-Type"] == "application/json" and headers["Connection"] == "close"
    assert body["code"] == "NOT_IMPLEMENTED" and body["details"] == {}
    assert "codage de transfert" in body["message"] and "transfer coding" in body["message"]


def test_each_status_gunicorn_writes_has_its_code():
    codes = {status: parse(protocol_errors.error_bytes(status, "x"))[2]["code"]
             for status in (400, 403, 414, 417, 431, 500, 501)}
    assert codes == {400: "BAD_REQUEST", 403: "FORBIDDEN", 414: "URI_TOO_LONG", 417: "EXPECTATION_FAILED",
                     431: "HEADERS_TOO_LARGE", 500: "INTERNAL_ERROR", 501: "NOT_IMPLEMENTED"}


def test_the_reason_line_cannot_split_the_answer():
    status, _, _ = parse(protocol_errors.error_bytes(400, "Bad\r\nSet-Cookie: x=1"))
    assert status == "HTTP/1.1 400 BadSet-Cookie: x=1"  # one line: CR/LF dropped


def test_install_replaces_gunicorns_html_page(monkeypatch):
    monkeypatch.setattr(util, "write_error", util.write_error)  # restored after the test
    written = []
    monkeypatch.setattr(util, "write_nonblock", lambda sock, data: written.append(data))
    protocol_errors.install()
    util.write_error(None, 400, "Bad Request", "Invalid header name '<script>'")
    _, headers, body = parse(written[0])
    assert headers["Content-Type"] == "application/json" and "<script>" not in written[0].decode()
    assert body["code"] == "BAD_REQUEST"
