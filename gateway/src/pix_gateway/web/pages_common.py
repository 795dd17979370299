"""What the pages share: the ids they accept, the redirects, the notices, the signed-in
check and the error pages."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import g, redirect, render_template, request, url_for

from . import api, sessions
from .forms import Form, api_message
from .i18n import t
from .safe_paths import is_safe_local_path

ID = re.compile(r"[a-z0-9-]{1,80}")  # assessment and challenge ids

# ?info=… on the home, sign-in and account pages: the notice of what was just done.
NOTICES = {"deleted": "home.deleted", "loggedout": "home.loggedout", "renamed": "account.renamed",
           "passwordchanged": "reset.done",
           "expired": "error.session", "required": "login.required"}


def see(endpoint: str, **values: object):
    """303 to a page, by its endpoint (web.<feature>.<page>) and values (None ones left out)."""
    return redirect(url_for(endpoint, **{k: v for k, v in values.items() if v is not None}), code=303)


def see_path(path: str):
    """303 to a path already judged local (safe_paths)."""
    return redirect(path, code=303)


@dataclass
class Kept:
    """What a refused form left for its page (again): the status to answer with, the forms
    by name, and what else the page needs to show the refusal (`extra`)."""
    status: int = 200
    forms: dict[str, Form] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def form(self, name: str) -> Form:
        return self.forms.get(name) or Form()


def again(endpoint: str, status: int, forms: Mapping[str, Form] | None = None, extra: Mapping[str, Any] | None = None,
          **values: object):
    """Post/redirect/get for a refused form: its values and errors kept once (sessions.flash)
    for the page's GET address, then a 303 there, so that the address bar always holds an
    address a person can reload or switch the language on. That page reads them with kept()."""
    target = url_for(endpoint, **{k: v for k, v in values.items() if v is not None})
    sessions.flash({"path": urlsplit(target).path, "status": status,
                    "forms": {name: form.kept() for name, form in (forms or {}).items()}, "extra": dict(extra or {})})
    return redirect(target, code=303)


def kept() -> Kept:
    """What the last refused form left for this page (again), once; else nothing kept."""
    data = g.get("flash")
    if not isinstance(data, dict) or data.get("path") != request.path:
        return Kept()
    forms, extra, status = data.get("forms"), data.get("extra"), data.get("status")
    return Kept(status if isinstance(status, int) and 200 <= status < 600 else 200,
                {str(k): Form.from_kept(v) for k, v in forms.items()} if isinstance(forms, dict) else {},
                extra if isinstance(extra, dict) else {})


def session_expired():
    return see("web.signin.login", info="expired", next=asked_for())


def asked_for() -> str | None:
    """The page to come back to after signing in: this one when it is a page (GET), else the
    page the form was sent from (its Referer, when it is one of this site's)."""
    if request.method == "GET":
        target = request.full_path.rstrip("?")
    else:
        sent_from = urlsplit(request.referrer or "")
        if sent_from.netloc != request.host:
            return None
        target = sent_from.path + (f"?{sent_from.query}" if sent_from.query else "")
    return target if is_safe_local_path(target) else None


def notice(notices: dict[str, str] = NOTICES) -> str | None:
    key = notices.get(request.args.get("info", ""))
    return t(key) if key else None


def signed_in() -> bool:
    record = sessions.current()
    return bool(record and record.get("accessToken"))


Check = Callable[[str], bool]


def page(*, login: bool = True, path: Mapping[str, Check] | None = None, query: Mapping[str, Check] | None = None):
    """The opening every page shares, as a decorator of its view: the values in its path
    (and those of `query` the link carries) as the page accepts them, else 404; then, with
    `login`, a signed-in session, else the sign-in page, which says why and comes back here
    once signed in (`next`). Ids before the session, so that a wrong address is a 404
    whoever asks."""
    def decorate(view):
        @functools.wraps(view)
        def guarded(**values: str):
            if not all(check(values[name]) for name, check in (path or {}).items()):
                return not_found()
            if not all(check(request.args[name]) for name, check in (query or {}).items() if name in request.args):
                return not_found()
            if login and not signed_in():
                return see("web.signin.login", info="required", next=asked_for())
            return view(**values)
        return guarded
    return decorate


def is_id(value: str) -> bool:
    return ID.fullmatch(value) is not None


def form_status(form: Form, answer: api.Answer | None = None) -> int:
    """A form page's status: 503 when the service is away or failing, else 422 while the form has errors."""
    if answer is not None and (answer.status == 0 or answer.status >= 500):
        return 503
    return 200 if form.valid else 422


def error_status(answer: api.Answer) -> int:
    return answer.status if 400 <= answer.status < 500 else 503


def error_page(message: str, status: int, title: str | None = None):
    return render_template("error.html", message=message, title=title), status


def not_found():
    return error_page(t("error.notFound"), 404, t("error.notFound.title"))


def refused(answer: api.Answer):
    """An API refusal as a page: sign in again on 401, else the API's words."""
    if answer.status == 401:
        return session_expired()
    return error_page(api_message(answer), error_status(answer))


def refused_here(answer: api.Answer):
    """As refused(), a 404 under the not-found page's title: what sharing answers alike for
    "not yours" and "does not exist" (its words say which resource) reads as a page that
    is not there, whoever asks."""
    if answer.status == 404:
        return error_page(api_message(answer), 404, t("error.notFound.title"))
    return refused(answer)


def as_int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
