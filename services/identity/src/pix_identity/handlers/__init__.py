"""Identity's command handlers, one module per concern. Dependencies are keyword arguments
bound in bootstrap; handlers raise domain errors, never HTTP ones."""
from .account import delete_account, rename
from .mailer import send_reset_mail
from .password_reset import request_password_reset, reset_password
from .sessions import login, logout, refresh
from .signup import iso_utc, register_user

__all__ = ["delete_account", "iso_utc", "login", "logout", "refresh", "register_user", "rename",
           "request_password_reset", "reset_password", "send_reset_mail"]
