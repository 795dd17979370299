"""A sortable, filtered, paged table read from a sharing listing (`?sort=&order=&name=&page=`):
what the page's address asks for (French keys: tri, ordre, nom, page, plus the caller's
own), each column's header as a link that sorts by it (the other way round when it is the
current one) with its aria-sort, and the previous and next pages' links. The address
says everything: a sort or a page can be bookmarked and needs no script."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .i18n import t

ORDERS = ("asc", "desc")
MAX_NAME = 100

Link = Callable[..., str]  # the page's address for some of asked's values changed


def is_order(value: str) -> bool:
    return value in ORDERS


def is_page_number(value: str) -> bool:
    return value.isascii() and value.isdigit() and 0 < len(value) <= 6 and int(value) > 0


def is_name(value: str) -> bool:
    return len(value) <= MAX_NAME and value.isprintable()


def asked(args, default_sort: str, default_order: str) -> dict[str, Any]:
    """The address's choices, already checked by the page's guard (pages_common.page)."""
    return {"sort": args.get("tri", default_sort), "order": args.get("ordre", default_order),
            "name": args.get("nom", "").strip(), "page": int(args.get("page", "1"))}


def address_values(values: dict[str, Any]) -> dict[str, Any]:
    """The address's query for `values` (the first page and an empty filter left out)."""
    return {"tri": values["sort"], "ordre": values["order"], "nom": values["name"] or None,
            "page": values["page"] if values["page"] > 1 else None}


def headers(columns: Iterable[tuple[str, str]], chosen: dict[str, Any], link: Link) -> list[dict[str, Any]]:
    out = []
    for key, text_key in columns:
        current = chosen["sort"] == key
        order = ("desc" if chosen["order"] == "asc" else "asc") if current else "asc"
        out.append({"key": key, "text": t(text_key), "href": link(sort=key, order=order, page=1),
                    "sort": ("ascending" if chosen["order"] == "asc" else "descending") if current else None})
    return out


def paging(chosen: dict[str, Any], pages: int, link: Link) -> dict[str, Any]:
    number = min(chosen["page"], max(pages, 1))
    return {"page": number, "pages": max(pages, 1),
            "previous": link(page=number - 1) if number > 1 else None,
            "next": link(page=number + 1) if number < pages else None}
