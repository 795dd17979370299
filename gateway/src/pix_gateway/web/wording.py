"""Texts that follow a number or a moment, in the page's language: the one helper for plural
forms (a key with its `.one` and `.other` forms in web/texts/) and the moments the API
gives (ISO 8601, UTC) as a person reads them, in Pix's time zone."""
from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import i18n
from .i18n import t

# French uses the singular for 0 and 1 ("0 jour", "1 jour", "2 jours"), English for 1 only.
SINGULAR = {"fr": (0, 1), "en": (1,)}
MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
TIME_ZONE = "Europe/Paris"  # Pix's: the one its dates are read in


def plural(key: str, count: int, **params: Any) -> str:
    """`key.one` or `key.other` for `count` in the page's language, with {n} and `params`."""
    form = "one" if count in SINGULAR.get(i18n.language(), (1,)) else "other"
    return t(f"{key}.{form}").format(n=count, **params)


def parse_moment(value: Any) -> datetime | None:
    """An API moment (ISO 8601; naive ones are UTC), or None when it is not one."""
    if not isinstance(value, str) or not value or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _zone() -> tzinfo:
    try:
        return ZoneInfo(TIME_ZONE)
    except ZoneInfoNotFoundError:  # a system without its time-zone data: UTC rather than nothing
        return UTC


def when(value: Any, now: datetime | None = None) -> str | None:
    """A future moment as the texts say it: "8 décembre à 14 h 05 (dans 7 jours)", "8
    December at 14:05 (in 7 days)"; the year only when it is not this year, the calendar
    days only from tomorrow on. None when `value` is not a moment."""
    moment = parse_moment(value)
    if moment is None:
        return None
    now = now or datetime.now(UTC)
    local, today = moment.astimezone(_zone()), now.astimezone(_zone())
    lang = i18n.language()
    day = "1er" if lang == "fr" and local.day == 1 else str(local.day)
    date = f"{day} {MONTHS[lang][local.month - 1]}"
    if local.year != today.year:
        date += f" {local.year}"
    time = f"{local.hour} h {local.minute:02d}" if lang == "fr" else f"{local.hour:02d}:{local.minute:02d}"
    days = (local.date() - today.date()).days  # calendar days, as a person counts them
    if days < 1:
        return t("tests.when").format(date=date, time=time)
    return t("tests.when.days").format(date=date, time=time, days=plural("tests.inDays", days))


def on(value: Any) -> str | None:
    """A past moment as a table shows it, in Pix's time zone: "2 décembre 2026 à 14 h 05",
    "2 December 2026 at 14:05" (always with the year: a list of sendings spans years).
    None when `value` is not a moment."""
    moment = parse_moment(value)
    if moment is None:
        return None
    local, lang = moment.astimezone(_zone()), i18n.language()
    day = "1er" if lang == "fr" and local.day == 1 else str(local.day)
    time = f"{local.hour} h {local.minute:02d}" if lang == "fr" else f"{local.hour:02d}:{local.minute:02d}"
    return t("wording.on").format(date=f"{day} {MONTHS[lang][local.month - 1]} {local.year}", time=time)


def month(value: Any) -> str | None:
    """"2026-09" as "septembre 2026" / "September 2026"; None when it is not a month."""
    if not isinstance(value, str) or len(value) != 7 or value[4] != "-" or not value.replace("-", "").isdigit():
        return None
    year, number = int(value[:4]), int(value[5:])
    return f"{MONTHS[i18n.language()][number - 1]} {year}" if 1 <= number <= 12 else None


def decimal(value: Any, digits: int = 1) -> str:
    """A figure as the page's language writes it: "2,5" in French, "2.5" in English; "0" for
    what is not a number."""
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else 0
    text = f"{number:.{digits}f}"
    return text.replace(".", ",") if i18n.language() == "fr" else text
