"""A tiny, safe markdown for the challenges' texts: everything escaped, then paragraphs,
line breaks, bullet lists, **bold**, *italic* and `code`. No links, no images, no raw HTML."""
from __future__ import annotations

import re

from markupsafe import Markup, escape

BULLET = re.compile(r"^\s*[-*+]\s+")
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")


def render_inline(text: str) -> Markup:
    parts = _CODE.split(str(escape(text)))  # odd indexes: code spans, left as they are
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"<code>{part}</code>")
        else:
            out.append(_ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", part)))
    return Markup("".join(out))  # noqa: S704 - built from escaped text only


def render_markdown(text: str) -> Markup:
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("<p>" + "<br>\n".join(render_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>\n" + "\n".join(f"<li>{render_inline(item)}</li>" for item in items) + "\n</ul>")
            items.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif BULLET.match(raw):
            if paragraph:
                flush()
            items.append(BULLET.sub("", raw).strip())
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return Markup("\n".join(blocks))  # noqa: S704 - built from escaped text only
