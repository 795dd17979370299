"""Which service answers which public path: the routing table, as data.

A prefix matches the path itself and everything below it, on segment boundaries
(`/api/users` matches `/api/users/42`, not `/api/usersfoo`).
"""
from __future__ import annotations

ROUTES: tuple[tuple[str, str], ...] = (
    ("/api/users", "identity"),
    ("/api/token", "identity"),
    ("/api/password-resets", "identity"),
    ("/api/admin/users", "identity"),
    ("/api/.well-known", "identity"),
    ("/api/profile", "profile"),
    ("/api/assessments", "assessment"),
    ("/api/framework", "assessment"),
    ("/api/organizations", "sharing"),
    ("/api/campaigns", "sharing"),
    ("/api/shares", "sharing"),
    ("/api/certification", "certification"),
)

SERVICES: tuple[str, ...] = tuple(dict.fromkeys(service for _, service in ROUTES))


def service_for(path: str) -> str | None:
    for prefix, service in ROUTES:
        if path == prefix or path.startswith(prefix + "/"):
            return service
    return None
