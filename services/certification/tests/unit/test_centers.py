"""Centers' pure rules: the accreditation request, its decision, and the members."""
from __future__ import annotations

from dataclasses import asdict, fields
from types import SimpleNamespace

import pytest
from pix_certification.domain import center_events
from pix_certification.domain import centers as c

AT = "2026-12-02T10:00:00+00:00"
LATER = "2026-12-20T10:00:00+00:00"


def envelope(event):
    return SimpleNamespace(type=type(event).__name__, data=asdict(event))


def a_request(**changes):
    values = dict(institution_name="Lycée Victor Hugo", institution_type="SCHOOL", address="1 rue de Paris, Lyon",
                  contact_name="Anne Martin", contact_email="anne@lycee.fr", message="Nous voulons la certification.")
    return c.RequestAccreditation(**{**values, **changes})


def pending():
    return c.evolve_request(None, envelope(c.request_accreditation(a_request(), "r1", AT)))


def a_center(admin="u-admin"):
    state = c.evolve(None, envelope(c.accredit(pending(), "c1", "certif-1", AT)))
    invited = c.invite(state, "i0", "ADMIN", None, AT, "2026-12-09T10:00:00+00:00")
    state = c.evolve(state, envelope(invited))
    return c.evolve(state, envelope(c.join(state, "i0", admin, AT)))


def apply(state, event):
    return c.evolve(state, envelope(event))


# ---- the request --------------------------------------------------------------------------

def test_a_valid_request_is_trimmed_and_its_event_carries_no_personal_data():
    event = c.request_accreditation(a_request(institution_name="  Lycée Hugo  ", phone="01 23 45 67 89"), "r1", AT)
    assert event.institution_name == "Lycée Hugo"
    names = {f.name for f in fields(event)}
    assert not names & {"contact_name", "contact_email", "phone", "message"}
    assert "anne" not in repr(event).lower()


def test_no_event_class_holds_a_contact_field():
    for cls in vars(center_events).values():
        if isinstance(cls, type) and hasattr(cls, "__dataclass_fields__"):
            assert not set(cls.__dataclass_fields__) & {"contact_name", "contact_email", "email", "phone"}


def test_every_bad_field_is_named_at_once():
    with pytest.raises(c.InvalidAccreditationRequest) as caught:
        c.validate_request(a_request(institution_name=" ", contact_email="not-an-email", institution_type="CASTLE",
                                     address="x" * 256, message=""))
    assert caught.value.details == {"institution_name": "REQUIRED", "contact_email": "INVALID_EMAIL",
                                    "institution_type": "UNKNOWN_TYPE", "address": "TOO_LONG",
                                    "message": "REQUIRED"}


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"contact_name": "Anne\x1bMartin"}, "contact_name", "CONTROL_CHARACTERS"),
    ({"phone": "call me"}, "phone", "INVALID_PHONE"),
    ({"institution_type": ""}, "institution_type", "REQUIRED"),
    ({"message": "m" * (c.MESSAGE_MAX + 1)}, "message", "TOO_LONG"),
    ({"contact_email": "a@b.fr" + "x" * 255}, "contact_email", "TOO_LONG"),
])
def test_one_bad_field(changes, field, code):
    with pytest.raises(c.InvalidAccreditationRequest) as caught:
        c.validate_request(a_request(**changes))
    assert caught.value.details == {field: code}


def test_limits_are_inclusive_and_messages_may_span_lines():
    valid = c.validate_request(a_request(institution_name="n" * c.TEXT_MAX, message="ligne 1\nligne 2"))
    assert len(valid.institution_name) == c.TEXT_MAX and valid.phone == ""


@pytest.mark.parametrize("kind", c.CENTER_TYPES)
def test_every_known_type_is_accepted(kind):
    assert c.validate_request(a_request(institution_type=kind)).institution_type == kind


# ---- the decision -------------------------------------------------------------------------

def test_accreditation_creates_the_center_from_the_request():
    event = c.accredit(pending(), "c1", "certif-1", AT)
    assert (event.name, event.type, event.accredited_by, event.request_id) == \
           ("Lycée Victor Hugo", "SCHOOL", "certif-1", "r1")
    center = c.evolve(None, envelope(event))
    assert center["members"] == {} and center["accredited_at"] == AT
    assert c.evolve_request(pending(), envelope(event))["status"] == c.ACCREDITED


def test_a_request_is_decided_once():
    accredited = c.evolve_request(pending(), envelope(c.accredit(pending(), "c1", "certif-1", AT)))
    declined = c.evolve_request(pending(), envelope(c.decline(pending(), "Hors périmètre", "certif-1", AT)))
    assert declined["status"] == c.DECLINED
    for state in (accredited, declined):
        with pytest.raises(c.RequestAlreadyDecided):
            c.accredit(state, "c2", "certif-1", AT)
        with pytest.raises(c.RequestAlreadyDecided):
            c.decline(state, "non", "certif-1", AT)


def test_unknown_requests_and_empty_reasons_are_refused():
    with pytest.raises(c.RequestNotFound):
        c.accredit(None, "c1", "certif-1", AT)
    with pytest.raises(c.DeclineReasonRequired):
        c.decline(pending(), "   ", "certif-1", AT)


# ---- members ------------------------------------------------------------------------------

def test_the_first_admin_joins_from_the_accreditation_invitation():
    assert a_center()["members"] == {"u-admin": "ADMIN"}


def test_a_member_cannot_invite_and_roles_are_checked():
    center = a_center()
    center = apply(center, c.invite(center, "i1", "MEMBER", "u-admin", AT, LATER))
    center = apply(center, c.join(center, "i1", "u-member", AT))
    with pytest.raises(c.NotACenterAdmin):
        c.invite(center, "i2", "MEMBER", "u-member", AT, LATER)
    with pytest.raises(c.UnknownMemberRole):
        c.invite(center, "i2", "OWNER", "u-admin", AT, LATER)


def test_invitations_expire_and_work_once():
    center = a_center()
    center = apply(center, c.invite(center, "i1", "MEMBER", "u-admin", AT, "2026-12-09T10:00:00+00:00"))
    with pytest.raises(c.CenterInvitationExpired):
        c.join(center, "i1", "u-late", LATER)
    with pytest.raises(c.CenterInvitationNotFound):
        c.join(center, "nope", "u-x", AT)
    center = apply(center, c.join(center, "i1", "u-first", AT))
    with pytest.raises(c.CenterInvitationUsed):
        c.join(center, "i1", "u-second", AT)
    assert c.join(center, "i1", "u-first", AT) is None  # the same person clicking again


def test_a_reinvitation_never_lowers_a_role_and_can_raise_one():
    center = a_center()
    center = apply(center, c.invite(center, "i1", "MEMBER", "u-admin", AT, LATER))
    assert c.join(center, "i1", "u-admin", AT) is None
    center = apply(center, c.join(center, "i1", "u-m", AT))
    center = apply(center, c.invite(center, "i2", "ADMIN", "u-admin", AT, LATER))
    center = apply(center, c.join(center, "i2", "u-m", AT))
    assert center["members"]["u-m"] == "ADMIN"


def test_the_last_admin_can_neither_leave_nor_be_demoted():
    center = a_center()
    with pytest.raises(c.LastCenterAdmin):
        c.change_role(center, "u-admin", "MEMBER", "u-admin", AT)
    with pytest.raises(c.LastCenterAdmin):
        c.remove(center, "u-admin", "u-admin", AT)
    center = apply(center, c.invite(center, "i1", "ADMIN", "u-admin", AT, LATER))
    center = apply(center, c.join(center, "i1", "u-two", AT))
    center = apply(center, c.change_role(center, "u-admin", "MEMBER", "u-two", AT))
    assert center["members"] == {"u-admin": "MEMBER", "u-two": "ADMIN"}
    assert c.change_role(center, "u-admin", "MEMBER", "u-two", AT) is None


def test_members_leave_admins_remove_and_others_cannot():
    center = a_center()
    for n in ("1", "2"):
        center = apply(center, c.invite(center, "i" + n, "MEMBER", "u-admin", AT, LATER))
        center = apply(center, c.join(center, "i" + n, "u-m" + n, AT))
    with pytest.raises(c.NotACenterAdmin):
        c.remove(center, "u-m2", "u-m1", AT)
    center = apply(center, c.remove(center, "u-m1", "u-m1", AT))
    center = apply(center, c.remove(center, "u-m2", "u-admin", AT))
    assert center["members"] == {"u-admin": "ADMIN"}
    with pytest.raises(c.CenterMemberNotFound):
        c.remove(center, "u-m2", "u-admin", AT)


def test_evolve_gives_the_same_state_on_a_repeated_event():
    center = a_center()
    invited = c.invite(center, "i1", "MEMBER", "u-admin", AT, LATER)
    center = apply(center, invited)
    assert apply(center, invited) == center
    joined = c.join(center, "i1", "u-m", AT)
    center = apply(center, joined)
    assert apply(center, joined) == center
    removed = c.remove(center, "u-m", "u-admin", AT)
    after = apply(center, removed)
    assert apply(after, removed) == after
    accredited = envelope(c.accredit(pending(), "c1", "certif-1", AT))
    assert c.evolve(after, accredited) == after
    decided = c.evolve_request(pending(), accredited)
    requested = envelope(c.request_accreditation(a_request(), "r1", AT))
    assert c.evolve_request(decided, accredited) == decided
    assert c.evolve_request(decided, requested)["status"] == c.ACCREDITED
