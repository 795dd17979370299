"""The gateway's errors → HTTP, in one table handed to create_base_app(errors=…): a row is a
DomainError subclass and its status (its `code` is its wire name). The errors themselves
stay with the guard that raises them (security, edge, proxy), their texts beside them."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable

from .edge import InvalidPath
from .proxy import UpstreamTimeout, UpstreamUnavailable
from .security import CorsForbidden, InvalidAccessToken, TooManyRequests, Unauthenticated

ERRORS: ErrorTable = {
    InvalidPath: 400,
    Unauthenticated: 401,
    InvalidAccessToken: 401,
    CorsForbidden: 403,
    TooManyRequests: 429,
    UpstreamUnavailable: 503,
    UpstreamTimeout: 504,
}
