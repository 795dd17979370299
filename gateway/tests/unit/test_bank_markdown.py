"""The challenges' texts as a person sees them: every instruction and proposal of the real
bank, in both languages, rendered by web/markdown.py, leaves no Markdown syntax visible;
and a crafted instruction shows each construct of the subset (paragraphs, emphasis, lists,
tables, code, links, images) and that nothing unsafe passes."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from pix_assessment.domain.content import load_bank
from pix_gateway.web.markdown import plain_text, render_inline, render_markdown, shorten

BLOCKS = {"p", "li", "ul", "ol", "table", "thead", "tbody", "tr", "th", "td", "pre", "h3", "h4", "h5", "h6",
          "blockquote", "hr", "br"}
# What Markdown left as text would look like, in the words a person reads (code excluded).
VISIBLE_SYNTAX = {
    "table rule": re.compile(r"\|\s*:?-{2,}"),
    "table row": re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE),
    "strong": re.compile(r"\*\*|__"),
    "emphasis": re.compile(r"(?<![\w*])\*(?=\S)[^*\n]+(?<=\S)\*(?![\w*])"),
    "bullet": re.compile(r"^\s*[-*+]\s", re.MULTILINE),
    "numbered item": re.compile(r"^\s*\d+[.)]\s", re.MULTILINE),
    "link": re.compile(r"\[[^\]\n]*\]\([^)\n]*\)"),
    "image": re.compile(r"!\["),
    "heading": re.compile(r"^\s*#{1,6}\s", re.MULTILINE),
    "quote": re.compile(r"^\s*>\s", re.MULTILINE),
    "backtick": re.compile(r"`"),
}


class Reading(HTMLParser):
    """The text of rendered HTML as lines (a block starts a line), without code (which is
    shown as written on purpose) unless `with_code`, and the tags met."""

    def __init__(self, rendered: str, with_code: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._code = 0
        self._with_code = with_code
        self.feed(rendered)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "code":
            self._code += 1

    def handle_endtag(self, tag):
        if tag == "code":
            self._code -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._with_code or not self._code:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def visible_syntax(rendered: str) -> list[str]:
    text = Reading(str(rendered)).text
    return [name for name, pattern in VISIBLE_SYNTAX.items() if pattern.search(text)]


def _texts():
    for challenge in load_bank().challenges:
        for lang, instruction in (("fr", challenge.instruction_fr), ("en", challenge.instruction_en)):
            if instruction:
                yield f"{challenge.id} instruction {lang}", instruction, render_markdown
        for lang, proposals in (("fr", challenge.proposals_fr), ("en", challenge.proposals_en)):
            for number, proposal in enumerate(proposals, start=1):
                yield f"{challenge.id} proposal {number} {lang}", proposal, render_inline
        for field in challenge.fields:
            for lang, label in (("fr", field.label_fr), ("en", field.label_en)):
                yield f"{challenge.id} field {field.name} {lang}", label, render_inline


BANK_TEXTS = list(_texts())


def test_the_bank_is_all_there():
    instructions = [name for name, _, _ in BANK_TEXTS if " instruction " in name]
    assert len(instructions) > 300 and any(name.endswith(" en") for name in instructions)


def test_no_text_of_the_bank_shows_markdown_syntax_in_either_language():
    found = {name: visible_syntax(render(text)) for name, text, render in BANK_TEXTS}
    assert {name: kinds for name, kinds in found.items() if kinds} == {}


def test_the_bank_s_text_reads_as_written():
    """Characters Markdown could eat (a backslash escape, a character reference) stay: the
    bank writes them to be read (csv6-guillemets' "Dupont\\, Jean", htmlcss6's "&lt;")."""
    for name, text, render in BANK_TEXTS:
        shown = Reading(str(render(text)), with_code=True).text
        for kept in ("\\", "&", "<"):  # (">" starts a quote: it is markup)
            assert shown.count(kept) == text.count(kept), (name, kept)


def test_the_bank_s_tables_render_as_tables_with_headers():
    tables = [(name, render_markdown(text)) for name, text, render in BANK_TEXTS
              if render is render_markdown and re.search(r"^\s*\|", text, re.MULTILINE)]
    assert tables, "the bank has at least one table (2.3's shared calendar)"
    for name, rendered in tables:
        tags = Reading(str(rendered)).tags
        assert ("table", {}) in tags, name
        assert all(attrs.get("scope") in ("col", "row") for tag, attrs in tags if tag == "th"), name


def test_a_line_break_inside_a_paragraph_is_a_space_and_a_blank_line_a_paragraph():
    rendered = str(render_markdown("Le moteur ne donne que\ndes pages anciennes.\n\nQue faites-vous ?"))
    assert rendered == "<p>Le moteur ne donne que\ndes pages anciennes.</p>\n<p>Que faites-vous ?</p>"
    assert "<br" not in rendered  # the newline left is white space: a browser shows a space


CRAFTED = """Un *premier* paragraphe, avec **du gras**
sur deux lignes et `du code`.

- une puce
- une autre

1. un
2. deux

| | lundi | mardi |
|---|---|:-:|
| Sophie | occupée | |
| Karim | | occupé |

Voir [la page](https://pix.fr/aide) et ![un schéma du réseau](https://pix.fr/schema.png).

# Un titre

```
> ping 9.9.9.9
```
"""


def test_a_crafted_instruction_shows_each_construct():
    rendered = str(render_markdown(CRAFTED))
    assert ("<p>Un <em>premier</em> paragraphe, avec <strong>du gras</strong>\n"
            "sur deux lignes et <code>du code</code>.</p>") in rendered
    assert "<ul>\n<li>une puce</li>\n<li>une autre</li>\n</ul>" in rendered
    assert "<ol>\n<li>un</li>\n<li>deux</li>\n</ol>" in rendered
    # A grid: the empty corner is a plain cell, the days head their columns, the names their rows.
    assert ('<thead>\n<tr>\n<td></td>\n<th scope="col">lundi</th>\n<th scope="col" class="align-center">mardi</th>'
            in rendered)
    assert '<tr>\n<th scope="row">Sophie</th>\n<td>occupée</td>\n<td class="align-center"></td>\n</tr>' in rendered
    assert "style=" not in rendered  # the CSP forbids style attributes
    assert '<a href="https://pix.fr/aide" rel="noopener" target="_blank">la page</a>' in rendered
    assert '<img src="https://pix.fr/schema.png" alt="un schéma du réseau" />' in rendered
    assert "<h3>Un titre</h3>" in rendered  # below the page's h1 and the question's h2
    assert "<pre><code>&gt; ping 9.9.9.9\n</code></pre>" in rendered
    assert visible_syntax(rendered) == []


def test_a_table_whose_first_header_is_named_has_column_headers_only():
    rendered = str(render_markdown("| Fichier | Taille |\n|---|---|\n| a.txt | 2 Ko |"))
    assert '<th scope="col">Fichier</th>' in rendered and "<td>a.txt</td>" in rendered
    assert 'scope="row"' not in rendered


@pytest.mark.parametrize(("source", "expected"), [
    ("<script>alert('x')</script>", "<p>&lt;script&gt;alert('x')&lt;/script&gt;</p>"),
    ('<img src=x onerror="a()">', "<p>&lt;img src=x onerror=&quot;a()&quot;&gt;</p>"),
    ("[lien](javascript:alert(1))", "<p>[lien](javascript:alert(1))</p>"),
    ("[lien](data:text/html,x)", "<p>[lien](data:text/html,x)</p>"),
    ("[lien](/mon-compte)", "<p>[lien](/mon-compte)</p>"),
    ("![](https://pix.fr/sans-texte.png)", "<p></p>"),
    ("![x](javascript:a)", "<p>![x](javascript:a)</p>"),
])
def test_nothing_unsafe_passes(source, expected):
    assert str(render_markdown(source)) == expected


def test_text_reads_as_written():
    assert str(render_inline("Dupont\\, Jean")) == "Dupont\\, Jean"
    assert str(render_inline("(< devient &lt;)")) == "(&lt; devient &amp;lt;)"
    assert str(render_inline("=B2*$F$1")) == "=B2*$F$1"
    assert str(render_inline("Service <support@colis.info> <https://colis.info>")) == (
        "Service &lt;support@colis.info&gt; &lt;https://colis.info&gt;")  # no link the author did not write
    assert str(render_inline("rapport_v3_2025-05-12_ML.odt")) == "rapport_v3_2025-05-12_ML.odt"


def test_a_proposal_is_inline_only():
    assert str(render_inline("Le raccourci **Ctrl + C**")) == "Le raccourci <strong>Ctrl + C</strong>"
    assert str(render_inline("# pas un titre")) == "# pas un titre"  # inline rules only: no block
    assert str(render_inline("<b>x</b> & y")) == "&lt;b&gt;x&lt;/b&gt; &amp; y"


def test_the_recap_s_short_form_of_a_question_cuts_after_a_whole_word():
    words = plain_text("L'agenda **partagé** montre\nles jours :\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                       "Citez `deux` jours.\n\n```\ncode\n```")
    assert words == "L'agenda partagé montre les jours : Citez deux jours."
    assert shorten(words, 200) == words
    assert shorten(words, 26) == "L'agenda partagé montre…"
    assert shorten("alors que vous voulez des pages récentes", 29) == "alors que vous voulez des…"
    assert shorten("motsanspace" * 5, 10) == "motsanspac…"
