"""Identity's command handlers, one module per concern, and its queries (queries.py).
Dependencies are keyword arguments bound in bootstrap; handlers raise domain errors, never
HTTP ones."""
from .account import delete_account, rename
from .password_reset import request_password_reset, reset_password
from .sessions import login, logout, refresh
from .signup import iso_utc, register_user

__all__ = ["delete_account", "iso_utc", "login", "logout", "refresh", "register_user", "rename",
           "request_password_reset", "reset_password"]
