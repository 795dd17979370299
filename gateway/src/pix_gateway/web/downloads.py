"""A file of a service's (an export), passed through to the browser as it comes: chunk by
chunk, never held whole (an organization's export runs to 100 000 rows), with its type,
name and length. The caller has opened a page call first (api.authorized), which
refreshes the token and says whether the person may see the file at all."""
from __future__ import annotations

from flask import Response

from . import api
from .i18n import t
from .pages_common import error_page, not_found, refused

HEADERS = ("Content-Type", "Content-Length", "Content-Disposition", "Last-Modified", "Cache-Control")
CHUNK = 64 * 1024


def passthrough(path: str):
    upstream = api.stream(path)
    if upstream is None:
        return error_page(t("error.unavailable"), 503)
    if upstream.status_code != 200:
        upstream.close()
        return not_found() if upstream.status_code == 404 else refused(api.Answer(upstream.status_code))
    headers = {name: upstream.headers[name] for name in HEADERS if name in upstream.headers}
    if "Content-Encoding" in upstream.headers:  # the body is decoded below: its length would be wrong
        headers.pop("Content-Length", None)
    response = Response(upstream.stream(CHUNK, decode=True), status=200, headers=headers, direct_passthrough=True)
    response.call_on_close(upstream.close)
    return response
