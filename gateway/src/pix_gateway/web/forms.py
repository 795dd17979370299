"""Reading posted forms without trusting them, and turning API answers into messages."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import request
from pixkit.text import is_plain_text

from .api import Answer
from .i18n import t

MAX_LENGTH = 300  # above every API limit: the API says what is too long, in its own words


@dataclass
class Form:
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)  # field name → messages
    summary: list[str] = field(default_factory=list)  # errors that belong to no field

    @classmethod
    def read(cls, *names: str, raw: tuple[str, ...] = ()) -> Form:
        """Trimmed strings (except `raw` ones, e.g. passwords), cut to MAX_LENGTH; a text with
        control or bidi characters gets its field error here, as the API would give it."""
        values = {}
        for name in names:
            value = request.form.get(name, "")[:MAX_LENGTH]
            values[name] = value if name in raw else value.strip()
        return cls(values).refuse_control_characters(*(name for name in names if name not in raw))

    def refuse_control_characters(self, *names: str) -> Form:
        """pixkit.text's rule, the one every service applies to person-entered text."""
        for name in names:
            if not is_plain_text(self.values.get(name, "")):
                self.add(name, t("error.controlCharacters"))
        return self

    def require(self, *names: str) -> Form:
        for name in names:
            if not self.values.get(name):
                self.add(name, t("error.required"))
        return self

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    @property
    def valid(self) -> bool:
        return not self.errors and not self.summary

    def kept(self) -> dict[str, Any]:
        """As sessions.flash keeps it, for the page shown after the redirect (from_kept)."""
        return {"values": self.values, "errors": self.errors, "summary": self.summary}

    @classmethod
    def from_kept(cls, data: Any) -> Form:
        if not isinstance(data, dict):
            return cls()
        values, errors, summary = data.get("values"), data.get("errors"), data.get("summary")
        return cls({str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {},
                   {str(k): [str(m) for m in v] for k, v in errors.items() if isinstance(v, list)}
                   if isinstance(errors, dict) else {},
                   [str(m) for m in summary] if isinstance(summary, list) else [])

    def absorb(self, answer: Answer, known: tuple[str, ...]) -> None:
        """An API refusal: field errors next to their fields, the rest in the summary."""
        for name, messages in answer.field_errors().items():
            for text in messages or [t("error.unexpected")]:
                if name in known:
                    self.add(name, text)
                else:
                    self.summary.append(text)
        if not answer.field_errors():
            self.summary.append(api_message(answer))


def api_message(answer: Answer) -> str:
    if answer.status == 0 or answer.status >= 500:
        return t("error.unavailable")
    if answer.status == 429:
        return t("error.tooMany")
    if answer.code == "INVALID_CREDENTIALS":
        return t("error.credentials")
    if answer.code == "EMAIL_TAKEN":
        return t("error.emailTaken")
    message = answer.body.get("message") if isinstance(answer.body, dict) else None
    return message if isinstance(message, str) and message else t("error.unexpected")


def checked(name: str) -> bool:
    return request.form.get(name) in ("on", "true", "1", "yes")


def looks_like_email(value: str) -> bool:
    local, _, domain = value.rpartition("@")
    return bool(local) and "." in domain and " " not in value
