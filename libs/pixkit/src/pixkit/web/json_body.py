"""Every JSON body a service receives is decoded once by pixkit.strict_json, before any view.

webargs (under flask-smorest's `arguments`) decodes the body with the standard `json.loads`,
and so would `request.get_json()`: checking here, in a hook that runs for every request of
every service, covers all of them, the endpoints that ignore their body included. The
decoded document is kept as Flask's cached JSON, so `request.get_json()` reuses it.
"""
from __future__ import annotations

from flask import Response, request

from pixkit.strict_json import JsonRefused, loads

from .error_handlers import error_response


def refuse_malformed_json() -> Response | None:
    if not request.is_json or not has_body():
        return None  # no body: webargs sees "missing" and answers REQUIRED where needed
    try:
        document = loads(request.get_data(cache=True))
    except JsonRefused as refused:
        return error_response(400, refused.code, params=refused.params)
    request._cached_json = (document, document)  # Flask's cache of get_json (silent, loud)
    return None


def has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "").lower()
