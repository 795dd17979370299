"""The organization space's figures (the observatory) and its other pages under axe-core and
the 320 px reflow check (test_accessibility's Audit), in a real browser against the whole
platform, for a university (SUP: the student number column) to which two people shared their
profile, one of them with an evaluated competence: the statistics page in French and in
English — each SVG chart an image with an accessible name (its title and description), the
same figures as tables — then the members page and a person's snapshot."""
from __future__ import annotations

import re

import pytest
from pixlocal.demo import evaluate_one
from playwright.sync_api import expect

from ..e2e.people import new_person
from ..integration.helpers import wait_for
from . import test_sharing_journeys as journeys
from .test_accessibility import Audit
from .test_sharing_journeys import (
    Lags,
    accept_invitation,
    assert_clean,
    new_organization,
    profile_copied,
    share_through_api,
    table_rows,
)

pytestmark = pytest.mark.timeout(300)
axe_script, open_as = journeys.axe_script, journeys.open_as  # fixtures
EVALUATED = "1.3"


def _figures_of_both(page) -> list[list[str]]:
    """The months table once it counts both sendings (the figures follow the sendings'
    events within a moment)."""
    def counted():
        page.reload()
        rows = table_rows(page, "#table-months")
        return rows if sum(int(r[1]) for r in rows) == 2 else None

    return wait_for(counted, timeout=30, interval=0.5)


def _charts_are_named_images(page) -> None:
    charts = page.locator("main svg.chart")
    assert charts.count() == 3, charts.count()  # average levels, levels, months
    for chart in charts.all():
        assert chart.get_attribute("role") == "img"
        heading = chart.locator("xpath=ancestor::section[1]").get_by_role("heading", level=3).inner_text()
        title = (chart.locator("title").first.text_content() or "").strip()
        assert title == heading, (title, heading)
        expect(chart).to_have_accessible_name(re.compile(rf"^{re.escape(title)}\s+\S"))  # the title, then the desc


def test_the_statistics_page_and_the_space_pass_axe_and_reflow(axe_script, platform, open_as, screenshot):
    base = platform.gateway_url
    member = new_person(base, "Nadia", "Observatoire")
    organization = new_organization(platform, "SUP", member, name="Université Diderot")
    evaluated, newcomer = new_person(base, "Éloi", "Évalué"), new_person(base, "Noé", "Nouveau")
    evaluate_one(base, evaluated.auth(), EVALUATED, (True,))
    copied = profile_copied(base, evaluated, organization)
    level = next(c["level"] for c in copied["competences"] if c["code"] == EVALUATED)
    assert level > 0, copied
    share_through_api(base, evaluated, organization, studentNumber="21004567")
    share_through_api(base, newcomer, organization, studentNumber="21007654")

    page = open_as(member, bypass_csp=True)
    audit = Audit(page, axe_script)
    accept_invitation(page, platform, organization, member, audit)
    page.locator("main nav ul.space-nav").get_by_role("link", name="Statistiques").click()
    page.wait_for_url(f"{base}/organisations/{organization['id']}/statistiques")
    months = _figures_of_both(page)
    assert len(months) == 1, months  # both sent this month

    # The figures as a table: the evaluated competence, one person at their level, one at 0.
    competences = page.locator("#table-competences")
    assert competences.locator("caption").inner_text().strip()
    assert competences.locator("thead th[scope=col]").count() == 3 + 9  # competence, 2 averages, levels 0 to 8
    row = next(r for r in table_rows(page, "#table-competences") if r[0].startswith(EVALUATED))
    counts = [int(n) for n in row[3:]]
    assert sum(counts) == 2 and counts[level] == 1 and counts[0] == 1, row
    assert competences.locator("tbody th[scope=row]").count() == len(competences.locator("tbody tr").all())
    _charts_are_named_images(page)
    screenshot(page, "statistics")
    audit.check("statistics")

    page.get_by_role("link", name=re.compile("^EN")).click()
    page.wait_for_url(f"{base}/organisations/{organization['id']}/statistiques")
    assert page.locator("html").get_attribute("lang") == "en"
    _charts_are_named_images(page)
    audit.check("statistics, in English")
    page.get_by_role("link", name=re.compile("^FR")).click()
    page.wait_for_url(f"{base}/organisations/{organization['id']}/statistiques")

    # The space of a university (its student number column), a person's snapshot, the members.
    page.locator("main nav ul.space-nav").get_by_role("link", name="Profils partagés").click()
    page.wait_for_url(re.compile(rf"/organisations/{organization['id']}(\?.*)?$"))
    assert page.locator("main table.data thead th", has_text="N° étudiant").count() == 1
    assert sorted(r[-1] for r in table_rows(page)) == ["21004567", "21007654"]
    audit.check("organization space, a university")
    page.locator("main table.data tbody").get_by_role("link", name="Évalué").click()
    page.wait_for_url(f"{base}/organisations/{organization['id']}/profils/{evaluated.id}")
    assert "21004567" in page.locator("main").inner_text()
    audit.check("a person's snapshot")
    page.goto(f"{base}/organisations/{organization['id']}/membres")
    assert "Observatoire" in page.locator("main").inner_text()
    audit.check("members, as an admin")
    assert_clean(Lags(), audit)
