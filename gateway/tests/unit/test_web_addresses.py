"""The pages' public addresses are a contract (bookmarks, mailed links, the security
policies' paths): links are built by url_for, so these tests pin what each endpoint is
reached at, and check that every endpoint the templates and views name exists (a wrong
name is a BuildError only on the page that builds it)."""
from __future__ import annotations

import re
from pathlib import Path

import pix_gateway
import pytest
from flask import url_for
from pix_gateway import security

from .conftest import gateway_app

# endpoint → (rule, methods): what a person types, bookmarks or is mailed.
PUBLIC_ADDRESSES = {
    "web.home.home": ("/", {"GET"}),
    "web.certification.certification": ("/certification", {"GET"}),
    "web.center_public.centers": ("/centres-de-certification", {"GET"}),
    "web.center_public.request_form": ("/centres-de-certification/demande", {"GET"}),
    "web.center_public.send_request": ("/centres-de-certification/demande", {"POST"}),
    "web.center_public.request_sent": ("/centres-de-certification/demande/envoyee", {"GET"}),
    "web.center_public.verification": ("/certificats/verification", {"GET"}),  # the certificates' QR code
    "web.centers.space": ("/centres-de-certification/<center_id>", {"GET"}),
    "web.centers.create_session": ("/centres-de-certification/<center_id>/sessions", {"POST"}),
    "web.centers.invite": ("/centres-de-certification/<center_id>/membres/invitation", {"POST"}),
    "web.centers.change_role": ("/centres-de-certification/<center_id>/membres/<user_id>/role", {"POST"}),
    "web.centers.remove": ("/centres-de-certification/<center_id>/membres/<user_id>/retrait", {"POST"}),
    "web.centers.invitation": ("/centres-de-certification/invitations/<invitation_id>", {"GET"}),  # mailed
    "web.centers.accept": ("/centres-de-certification/invitations/<invitation_id>", {"POST"}),
    "web.center_sessions.session": ("/sessions-de-certification/<session_id>", {"GET"}),
    "web.center_sessions.update": ("/sessions-de-certification/<session_id>/informations", {"POST"}),
    "web.center_sessions.add_candidate": ("/sessions-de-certification/<session_id>/candidats", {"POST"}),
    "web.center_sessions.remove_candidate": ("/sessions-de-certification/<session_id>/candidats/<candidate_id>/retrait",
                                             {"POST"}),
    "web.center_sessions.import_candidates": ("/sessions-de-certification/<session_id>/import", {"POST"}),
    "web.center_sessions.finalize": ("/sessions-de-certification/<session_id>/finalisation", {"POST"}),
    "web.center_sessions.candidate_template": ("/sessions-de-certification/modele-de-liste.<fmt>", {"GET"}),
    "web.admin_certification.requests": ("/admin/certification", {"GET"}),
    "web.admin_certification.decide": ("/admin/certification/demandes/<request_id>/decision", {"POST"}),
    "web.admin_certification.publish": ("/admin/certification/sessions/<session_id>/publication", {"POST"}),
    "web.signin.signup": ("/inscription", {"GET", "POST"}),
    "web.signin.login": ("/connexion", {"GET", "POST"}),
    "web.signin.logout": ("/deconnexion", {"POST"}),
    "web.signin.forgot": ("/mot-de-passe-oublie", {"GET", "POST"}),
    "web.signin.new_password": ("/mot-de-passe/nouveau", {"GET", "POST"}),
    "web.account.account": ("/mon-compte", {"GET"}),
    "web.account.rename": ("/mon-compte/nom", {"POST"}),
    "web.account.delete": ("/mon-compte/suppression", {"POST"}),
    "web.profile.profile": ("/mon-profil", {"GET"}),
    "web.tests.competences": ("/mes-tests", {"GET"}),
    "web.tests.start": ("/mes-tests/<code>/commencer", {"POST"}),
    "web.tests.improve": ("/mes-tests/<code>/retenter", {"POST"}),
    "web.tests.reset": ("/mes-tests/<code>/remise-a-zero", {"POST"}),
    "web.assessment.assessment": ("/evaluation/<assessment_id>", {"GET"}),
    "web.assessment.answer": ("/evaluation/<assessment_id>/reponse", {"POST"}),
    "web.assessment.checkpoint": ("/evaluation/<assessment_id>/bilan", {"GET"}),
    "web.assessment.attachment": ("/evaluation/<assessment_id>/fichier/<challenge_id>/<fmt>", {"GET"}),
    "web.admin.administration": ("/administration", {"GET"}),
    "web.admin.set_roles": ("/administration/<user_id>/roles", {"POST"}),
    "web.admin.roles_form": ("/administration/<user_id>/roles", {"GET"}),
    "web.admin.anonymize": ("/administration/<user_id>/anonymisation", {"POST"}),
    "web.admin.anonymize_form": ("/administration/<user_id>/anonymisation", {"GET"}),
    "web.share.share": ("/partager", {"GET", "POST"}),
    "web.share.sent": ("/partager/mes-envois", {"GET"}),
    "web.share.confirm": ("/partager/<code>", {"GET"}),
    "web.share.send": ("/partager/<code>/envoi", {"POST"}),
    "web.share.send_form": ("/partager/<code>/envoi", {"GET"}),
    "web.organizations.organizations": ("/organisations", {"GET"}),
    "web.organizations.space": ("/organisations/<org_id>", {"GET"}),
    "web.organizations.export": ("/organisations/<org_id>/profils.<fmt>", {"GET"}),
    "web.organizations.snapshot": ("/organisations/<org_id>/profils/<user_id>", {"GET"}),
    "web.members.members": ("/organisations/<org_id>/membres", {"GET"}),
    "web.members.invite": ("/organisations/<org_id>/membres/invitation", {"POST"}),
    "web.members.invite_form": ("/organisations/<org_id>/membres/invitation", {"GET"}),
    "web.members.change_role": ("/organisations/<org_id>/membres/<user_id>/role", {"POST"}),
    "web.members.remove": ("/organisations/<org_id>/membres/<user_id>/retrait", {"POST"}),
    "web.members.member_form": ("/organisations/<org_id>/membres/<user_id>/<action>", {"GET"}),
    "web.members.invitation": ("/organisations/invitation/<invitation_id>", {"GET"}),
    "web.members.accept": ("/organisations/invitation/<invitation_id>", {"POST"}),
    "web.statistics.statistics": ("/organisations/<org_id>/statistiques", {"GET"}),
    "web.campaigns.campaigns": ("/organisations/<org_id>/campagnes", {"GET"}),
    "web.campaigns.create": ("/organisations/<org_id>/campagnes/nouvelle", {"POST"}),
    "web.campaigns.create_form": ("/organisations/<org_id>/campagnes/nouvelle", {"GET"}),
    "web.campaigns.campaign": ("/organisations/<org_id>/campagnes/<campaign_id>", {"GET"}),
    "web.campaigns.export": ("/organisations/<org_id>/campagnes/<campaign_id>/resultats.<fmt>", {"GET"}),
    "web.participations.enter": ("/campagnes", {"GET", "POST"}),
    "web.participations.join": ("/campagnes/<code>", {"GET"}),
    "web.participations.start": ("/campagnes/<code>/participation", {"POST"}),
    "web.participations.start_form": ("/campagnes/<code>/participation", {"GET"}),
    "web.participations.participation": ("/campagnes/parcours/<participation_id>", {"GET"}),
    "web.participations.send": ("/campagnes/parcours/<participation_id>/envoi", {"POST"}),
    "web.participations.send_form": ("/campagnes/parcours/<participation_id>/envoi", {"GET"}),
    "web.participations.retry": ("/campagnes/parcours/<participation_id>/nouvel-essai", {"POST"}),
    "web.participations.retry_form": ("/campagnes/parcours/<participation_id>/nouvel-essai", {"GET"}),
    "web.admin_organizations.organizations": ("/admin/organisations", {"GET"}),
    "web.admin_organizations.create": ("/admin/organisations", {"POST"}),
    "web.language.switch": ("/langue/<lang>", {"GET"}),
    "web.site.robots": ("/robots.txt", {"GET"}),
    "web.legal.notices": ("/mentions-legales", {"GET"}),
    "web.legal.terms": ("/conditions-utilisation", {"GET"}),
    "web.legal.privacy": ("/donnees-personnelles", {"GET"}),
    "web.legal.accessibility": ("/accessibilite", {"GET"}),
    "web.site.favicon": ("/favicon.ico", {"GET"}),
    "web.exam.join": ("/certification/rejoindre", {"GET", "POST"}),
    "web.exam.session": ("/certification/sessions/<session_id>", {"GET"}),
    "web.exam.session_state": ("/certification/sessions/<session_id>/etat.json", {"GET"}),
    "web.exam.start": ("/certification/sessions/<session_id>/commencer", {"POST"}),
    "web.exam.start_form": ("/certification/sessions/<session_id>/commencer", {"GET"}),
    "web.exam.report": ("/certification/sessions/<session_id>/signalement", {"POST"}),
    "web.exam.report_form": ("/certification/sessions/<session_id>/signalement", {"GET"}),
    "web.exam.exam": ("/certification/epreuve/<course_id>", {"GET"}),
    "web.exam.answer": ("/certification/epreuve/<course_id>/reponse", {"POST"}),
    "web.exam.answer_form": ("/certification/epreuve/<course_id>/reponse", {"GET"}),
    "web.exam.certificates": ("/certification/certificats", {"GET"}),
    "web.exam.certificate": ("/certification/certificats/<certificate_id>", {"GET"}),
    "web.exam.certificate_pdf": ("/certification/certificats/<certificate_id>/pdf", {"GET"}),
    "web.invigilator.login": ("/surveillant", {"GET", "POST"}),
    "web.invigilator.live": ("/surveillant/sessions/<session_id>", {"GET"}),
    "web.invigilator.live_state": ("/surveillant/sessions/<session_id>/etat.json", {"GET"}),
    "web.invigilator.authorize": ("/surveillant/sessions/<session_id>/candidats/<candidate_id>/autorisation", {"POST"}),
    "web.invigilator.authorize_form": ("/surveillant/sessions/<session_id>/candidats/<candidate_id>/autorisation",
                                       {"GET"}),
    "web.invigilator.end": ("/surveillant/sessions/<session_id>/candidats/<candidate_id>/fin", {"GET", "POST"}),
    "web.invigilator.incident": ("/surveillant/sessions/<session_id>/incident", {"GET", "POST"}),
}
SOURCES = Path(pix_gateway.__file__).parent
# url_for("endpoint", …) in templates and views, see("endpoint", …) in views, and the
# profile's actions ({"endpoint": "…"}).
NAMED = re.compile(r"""(?:url_for\(|\bsee\(|"endpoint": )\s*['"]([\w.]+)['"]""")


@pytest.fixture(scope="module")
def app():
    return gateway_app({})


def test_every_page_keeps_its_public_address(app):
    pages = {rule.endpoint: (rule.rule, set(rule.methods) - {"HEAD", "OPTIONS"})
             for rule in app.url_map.iter_rules() if rule.endpoint.startswith("web.")}
    assert pages == PUBLIC_ADDRESSES


def named_endpoints() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in [*SOURCES.glob("templates/*.html"), *SOURCES.glob("web/*.py")]:
        for name in NAMED.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(path.name)
    return found


def test_every_endpoint_the_templates_and_views_name_exists(app):
    named = named_endpoints()
    assert len(named) >= 20  # the scan reads what it should: most pages are linked from somewhere
    assert {name: files for name, files in named.items() if name not in app.view_functions} == {}


def test_no_page_link_or_form_is_written_as_a_path():
    written = [(path.name, match) for path in SOURCES.glob("templates/*.html")
               for match in re.findall(r'(?:href|action)="/[^"]*"', path.read_text(encoding="utf-8"))]
    assert written == []


def test_the_rate_limited_pages_are_the_sign_in_forms(app):
    with app.test_request_context():
        for bucket, endpoints in {"login": ["web.signin.login"], "signup": ["web.signin.signup"],
                                  "reset": ["web.signin.forgot", "web.signin.new_password"]}.items():
            method, test = security.LIMITED_ROUTES[bucket]
            assert method == "POST" and all(test(url_for(endpoint)) for endpoint in endpoints), bucket
