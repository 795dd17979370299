"""The sharing pages' markup, each page as a person reaches it (against sharing's fake):
every id once, every label, aria-labelledby and aria-describedby pointing at an element of
the page, headings that never skip a level, every table with a caption and scoped
headers. The browser tests run axe-core on the real stack; this catches the same slips
on every page without a browser."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from .sharing_pages import account, post, sign_in
from .test_statistics_page import STATISTICS

ROWS = [{"userId": "7f1c0d2e-0000-4000-8000-000000000001", "lastName": "Dupont", "firstName": "Léa",
         "sharedAt": "2026-11-30T08:15:00Z", "totalPix": 52, "profilePercent": 12, "studentNumber": "E1",
         "campaignIds": []}]


class Markup(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.references: list[tuple[str, str]] = []  # (attribute, id)
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.unscoped_th = 0
        self._in_thead = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.references.append(("for", attrs["for"]))
        for name in ("aria-labelledby", "aria-describedby"):
            for ref in (attrs.get(name) or "").split():
                self.references.append((name, ref))
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and attrs.get("scope") not in ("col", "row"):
            self.unscoped_th += 1


def check(page: str) -> None:
    assert "=&#34;" not in page  # a field's attributes written as attributes, not as escaped text
    markup = Markup(page)
    assert len(markup.ids) == len(set(markup.ids)), sorted(i for i in markup.ids if markup.ids.count(i) > 1)
    assert [r for r in markup.references if r[1] not in markup.ids] == []
    assert markup.headings and markup.headings[0] == 1
    jumps = [(a, b) for a, b in zip(markup.headings, markup.headings[1:], strict=False) if b > a + 1]
    assert jumps == []
    assert markup.tables == markup.captions and markup.unscoped_th == 0


@pytest.fixture
def world(sharing_services, sharing, sharing_browser):
    identity, _ = sharing_services
    org = sharing.add_org("Université", "SUP", "UNIV-2345")
    boss = account(identity, "SUPER_ADMIN", first="Ada")
    sharing.members[org["id"]][boss["id"]] = "ADMIN"
    sharing.config.update(ROWS=ROWS, STATISTICS=STATISTICS, PAGES=2)
    sharing.invite(org["id"], "zoe@example.fr", "MEMBER")
    sign_in(sharing_browser, boss)
    created = post(sharing_browser, f"/organisations/{org['id']}/campagnes/nouvelle", title="Rentrée",
                   kind="ASSESSMENT", competences=["1.1"])
    campaign = sharing.campaigns[created.location.rsplit("/", 1)[1]]
    joined = post(sharing_browser, f"/campagnes/{campaign['code']}/participation", studentNumber="E9")
    return {"org": org, "campaign": campaign, "participation": joined.location}


def pages(world) -> list[str]:
    space = f"/organisations/{world['org']['id']}"
    return ["/partager", "/partager/UNIV-2345", "/partager/mes-envois", "/organisations", space,
            f"{space}?tri=lastName&ordre=asc&page=2", f"{space}/profils/{ROWS[0]['userId']}", f"{space}/membres",
            f"{space}/statistiques", f"{space}/campagnes", f"{space}/campagnes/{world['campaign']['id']}",
            "/campagnes", f"/campagnes/{world['campaign']['code']}", world["participation"], "/admin/organisations"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_sharing_page_s_markup_holds_together(sharing_browser, world, lang):
    sharing_browser.get(f"/langue/{lang}?next=/")
    for path in pages(world):
        answer = sharing_browser.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        try:
            check(answer.get_data(as_text=True))
        except AssertionError as exc:
            raise AssertionError(f"{path}: {exc}") from exc


def test_the_forms_refused_keep_their_markup(sharing_browser, world):
    space = f"/organisations/{world['org']['id']}"
    refused = [("/partager", {"code": ""}, "/partager"),
               ("/partager/UNIV-2345/envoi", {}, "/partager/UNIV-2345"),
               (f"{space}/membres/invitation", {"email": "x", "role": "ADMIN"}, f"{space}/membres"),
               (f"{space}/campagnes/nouvelle", {"title": "", "kind": "ASSESSMENT"}, f"{space}/campagnes"),
               ("/campagnes", {"campaignCode": ""}, "/campagnes"),
               ("/admin/organisations", {"displayName": "", "type": "X", "adminEmail": "y"}, "/admin/organisations")]
    for target, form, path in refused:  # one at a time: a refusal is kept for the next page only
        answer = post(sharing_browser, target, **form)
        assert answer.status_code == 303 and answer.location.partition("?")[0] == path, path
        page = sharing_browser.get(answer.location)
        assert page.status_code == 422 and 'role="alert"' in page.get_data(as_text=True), path
        check(page.get_data(as_text=True))
