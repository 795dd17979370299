"""The observatory's figures against sharing's fake: per competence the levels among the
shared profiles and the averages, the profiles per month — SVG drawn by the server (an
image with a title and a description, bars sized from the figures) and the same figures
as tables with a caption and scoped headers; French decimals; nothing shared yet."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from .sharing_pages import account, sign_in, text

STATISTICS = {"count": 4, "averagePix": 31.25, "averagePercent": 9.5, "competences": [
    {"code": "1.1", "averageLevel": 2.5, "averagePix": 24.0, "levels": [1, 0, 1, 1, 1, 0, 0, 0, 0]},
    {"code": "2.1", "averageLevel": 8, "averagePix": 64, "levels": [0, 0, 0, 0, 0, 0, 0, 0, 4]}],
    "months": [{"month": "2026-10", "shares": 1, "averagePix": 10}, {"month": "2026-11", "shares": 3,
                                                                     "averagePix": 38.3}]}


class Svgs(HTMLParser):
    """Each <svg role="img">'s attributes, its <title> and <desc> texts and its bars' widths."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.charts: list[dict] = []
        self._in: str | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and attrs.get("role") == "img":
            self.charts.append({**attrs, "title": "", "desc": "", "bars": []})
        elif self.charts and tag in ("title", "desc") and not self.charts[-1][tag]:
            self._in = tag
        elif self.charts and tag == "rect" and "fill" in attrs and "x" in attrs:
            self.charts[-1]["bars"].append(float(attrs["width"]))

    def handle_data(self, data):
        if self._in:
            self.charts[-1][self._in] += data

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None


@pytest.fixture
def member(sharing_services, sharing, sharing_browser):
    identity, _ = sharing_services
    org = sharing.add_org("Lycée Jean Moulin", "SCO", "ABCD-2345")
    user = account(identity)
    sharing.members[org["id"]][user["id"]] = "MEMBER"
    sign_in(sharing_browser, user)
    return f"/organisations/{org['id']}/statistiques"


def test_the_charts_are_images_with_a_title_a_description_and_bars_from_the_figures(sharing_browser, sharing,
                                                                                    member):
    sharing.config["STATISTICS"] = STATISTICS
    answer = sharing_browser.get(member)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "<script" not in page.split('<main id="contenu"')[1]
    charts = Svgs(page).charts
    assert [c["title"] for c in charts] == ["Niveau moyen par compétence", "Répartition des niveaux par compétence",
                                            "Profils reçus par mois"]
    for chart in charts:
        labelled = chart["aria-labelledby"].split()
        assert len(labelled) == 2 and all(f'id="{i}"' in page for i in labelled) and chart["desc"]
    averages, levels, months = charts
    assert averages["bars"] == [150.0, 480.0]  # 2.5 and 8 on a 0-8 scale of 480 px
    assert levels["bars"] == [120.0] * 4 + [480.0]  # 1.1: 4 levels a quarter each; 2.1: all at level 8
    assert months["bars"] == [160.0, 480.0]  # 1 and 3 profiles


def test_the_same_figures_as_tables_for_screen_readers(sharing_browser, sharing, member):
    sharing.config["STATISTICS"] = STATISTICS
    page = re.sub(r">\s+<", "><", text(sharing_browser.get(member)))
    assert ">Par compétence : niveau moyen, pix moyens et nombre de profils à chaque niveau</caption>" in page
    assert ('<th scope="row">1.1 Mener une recherche</th><td>2,5</td><td>24,0</td>'
            "<td>1</td><td>0</td><td>1</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td>") in page
    assert '<th scope="col">Niveau 8</th>' in page
    assert '<th scope="row">novembre 2026</th><td>3</td><td>38,3</td>' in page
    assert "Profils partagés : 4" in page and "Score Pix moyen : 31,2" in page and "Avancement moyen : 9,5 %" in page


def test_in_english_the_decimals_have_a_point(sharing_browser, sharing, member):
    sharing.config["STATISTICS"] = STATISTICS
    sharing_browser.get("/langue/en?next=/")
    page = re.sub(r">\s+<", "><", text(sharing_browser.get(member)))
    assert '<th scope="row">November 2026</th><td>3</td><td>38.3</td>' in page
    assert "Average level per competence" in page


def test_nothing_shared_yet_and_odd_figures(sharing_browser, sharing, member):
    sharing.config["STATISTICS"] = {"count": 0, "competences": [], "months": []}
    page = text(sharing_browser.get(member))
    assert "Aucun profil n'a encore été partagé avec l'organisation." in page and "<svg class" not in page
    sharing.config["STATISTICS"] = {"count": "x", "competences": [{"code": "1.1", "levels": "many"}, None],
                                    "months": [{"month": "2026-13", "shares": 2}, {"month": "<b>"}]}
    answer = sharing_browser.get(member)
    assert answer.status_code == 200 and "Profils partagés : 0" in text(answer)
    assert len(Svgs(answer.get_data(as_text=True)).charts) == 2  # the months were not months
