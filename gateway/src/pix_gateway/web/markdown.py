"""The challenges' texts as HTML: the safe Markdown subset the bank uses (docs/content.md),
the same in both languages, through markdown-it-py (CommonMark, plus tables; backslash
escapes, character references and <autolinks> are not part of it).

CommonMark's own rules: a single line break inside a paragraph is a space, a blank line
starts a new paragraph. Raw HTML is never passed through (it is shown as text), links and
images keep only web and mail addresses (`SAFE_SCHEMES`), a link opens apart from the test
(`rel="noopener"`), an image without its alt text is left out (it would say nothing to a
screen reader), table headers carry their `scope`, headings start below the page's own
(the challenge's h2), and nothing writes a `style` attribute (the pages' CSP forbids them).
"""
from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

SAFE_SCHEMES = ("https", "http", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
HEADING_SHIFT = 2  # "# Title" is an h3: the page has its h1 (competence) and h2 (question)
ALIGNMENTS = {"text-align:left": "left", "text-align:center": "center", "text-align:right": "right"}


def _safe_link(url: str) -> bool:
    """A web or mail address; relative ones and every other scheme (javascript:, data:,
    file:, vbscript: …) are refused, and the text stays as written."""
    scheme = _SCHEME.match(url.strip())
    return bool(scheme) and scheme.group(1).lower() in SAFE_SCHEMES


def _link_open(self, tokens: list[Token], idx: int, options, env) -> str:
    tokens[idx].attrSet("rel", "noopener")
    tokens[idx].attrSet("target", "_blank")
    return self.renderToken(tokens, idx, options, env)


def _image(self, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env).strip()
    if not alt:
        return ""
    token.attrSet("alt", alt)
    return self.renderToken(tokens, idx, options, env)


def _heading_open(self, tokens: list[Token], idx: int, options, env) -> str:
    return f"<h{_shifted(tokens[idx].tag)}>"


def _heading_close(self, tokens: list[Token], idx: int, options, env) -> str:
    return f"</h{_shifted(tokens[idx].tag)}>\n"


def _shifted(tag: str) -> int:
    return min(int(tag[1:]) + HEADING_SHIFT, 6)


def _cell_open(self, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    align = ALIGNMENTS.get(str(token.attrGet("style") or ""))
    token.attrs.pop("style", None)
    if align:
        token.attrSet("class", f"align-{align}")
    return self.renderToken(tokens, idx, options, env)


def _table_headers(state: Any) -> None:
    """Headers with their scope: the header row's cells are column headers; when its first
    cell is empty (a grid: | | lundi | mardi |), each row's first cell heads its row, and
    the empty corner is a plain cell (an empty header says nothing)."""
    tokens: list[Token] = state.tokens
    index = 0
    while index < len(tokens):
        if tokens[index].type != "table_open":
            index += 1
            continue
        end = next(i for i in range(index, len(tokens)) if tokens[i].type == "table_close")
        cells = tokens[index:end]
        first_header = next(i for i, tok in enumerate(cells) if tok.type == "th_open")
        grid = not cells[first_header + 1].content.strip()
        in_body, first_in_row = False, False
        for position, token in enumerate(cells):
            if token.type == "tbody_open":
                in_body = True
            elif token.type == "tr_open":
                first_in_row = True
            elif token.type == "th_open":
                if grid and position == first_header:
                    _retag(cells, position, "td")
                else:
                    token.attrSet("scope", "col")
            elif token.type == "td_open" and in_body and grid and first_in_row:
                _retag(cells, position, "th")
                token.attrSet("scope", "row")
            if token.type in ("th_open", "td_open"):
                first_in_row = False
        index = end + 1


def _retag(cells: list[Token], position: int, tag: str) -> None:
    """The cell at `position` and its closing token as `tag`."""
    cells[position].tag = tag
    depth = 0
    for token in cells[position + 1:]:
        if token.type in ("th_open", "td_open"):
            depth += 1
        elif token.type in ("th_close", "td_close"):
            if depth == 0:
                token.tag = tag
                return
            depth -= 1


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": False})
    md.enable("table")
    # The bank writes its text as it is shown: "Dupont\\, Jean" keeps its backslash,
    # "&lt;" reads "&lt;" (a challenge on escaping in HTML), not "<", and a phishing mail's
    # "<support@colis-suivi-express.info>" is no link: a link is [text](address) only.
    md.disable(["escape", "entity", "autolink"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    md.core.ruler.push("table_headers", _table_headers)
    for name, rule in (("link_open", _link_open), ("image", _image), ("heading_open", _heading_open),
                       ("heading_close", _heading_close), ("th_open", _cell_open), ("td_open", _cell_open)):
        md.add_render_rule(name, rule)
    return md


_MD = _parser()


def render_markdown(text: str) -> Markup:
    """A challenge's instruction as blocks (paragraphs, lists, tables, code…)."""
    return Markup(_MD.render(text).strip())  # noqa: S704 - markdown-it escapes all text, html is off


def render_inline(text: str) -> Markup:
    """One line of text (a proposal, a label): emphasis, code and links, no blocks."""
    return Markup(_MD.renderInline(text).strip())  # noqa: S704 - markdown-it escapes all text, html is off


def plain_text(text: str) -> str:
    """The words a person reads of an instruction, as one line: its paragraphs', lists' and
    headings' text, without tables and code blocks (the recap's short form of a question)."""
    words: list[str] = []
    inside_table = False
    for token in _MD.parse(text):
        if token.type == "table_open":
            inside_table = True
        elif token.type == "table_close":
            inside_table = False
        elif token.type == "inline" and not inside_table:
            words.extend(_inline_text(token.children or []))
    return " ".join(" ".join(words).split())


def _inline_text(children: list[Token]) -> list[str]:
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.extend(_inline_text(child.children or []))
    return ["".join(out)] if out else []


def shorten(text: str, limit: int) -> str:
    """`text` whole when it fits, else cut after the last whole word within `limit`
    characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit + 1]
    space = cut.rfind(" ")
    kept = cut[:space] if space > 0 else text[:limit]
    return kept.rstrip(" ,;:.-–—") + "…"
