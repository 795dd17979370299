"""The web pages' texts, one module per feature, each with the same keys in French and
English (a unit test checks it); i18n merges them and looks a key up."""
from __future__ import annotations

from . import (
    account,
    admin,
    api_docs,
    assessment,
    campaigns,
    center,
    center_session,
    certification,
    common,
    exam,
    home,
    invigilator,
    legal,
    organizations,
    profile,
    share,
    signin,
    tests,
)

FEATURES = {"common": common.TEXTS, "home": home.TEXTS, "signin": signin.TEXTS, "account": account.TEXTS,
            "profile": profile.TEXTS, "tests": tests.TEXTS, "assessment": assessment.TEXTS, "admin": admin.TEXTS,
            "legal": legal.TEXTS, "api_docs": api_docs.TEXTS, "share": share.TEXTS,
            "organizations": organizations.TEXTS, "campaigns": campaigns.TEXTS,
            "certification": certification.TEXTS, "center": center.TEXTS, "center_session": center_session.TEXTS,
            "exam": exam.TEXTS, "invigilator": invigilator.TEXTS}
