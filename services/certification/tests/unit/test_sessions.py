"""A certification session's pure rules: each transition allowed and refused, idempotent repeats,
the join's matching, and that a refusal leaves the state as it was."""
from __future__ import annotations

import copy
from dataclasses import asdict
from types import SimpleNamespace

import pytest
from pix_certification.domain import sessions as s
from pix_certification.domain.errors import UnknownIncidentCategory

DETAILS = {"address": "1 rue de la Paix", "room": "B12", "examiner": "Mme Durand",
           "date": "2026-12-10", "time": "09:30", "description": ""}


def fold(state, events):
    for event in events:
        state = s.evolve(state, SimpleNamespace(type=type(event).__name__, data=asdict(event)))
    return state


def person(last="Dupont", first="Élise", birth="2001-04-05", **extra):
    return {"last_name": last, "first_name": first, "birth_date": birth, "extra_time_percentage": 0, **extra}


# The candidate vault's fields by candidate id, as the handlers read it beside the state.
VAULT = {"c1": person(), "c2": person("Martin", "Luc", extra_time_percentage=30, billing_mode="paid")}


@pytest.fixture
def session():
    events = s.create_session(session_id="S1", center_id="C1", details=DETAILS,
                              created_by="u-center", created_at="2026-12-01T10:00:00Z")
    state = fold(None, events)
    return fold(state, s.add_candidates(state, list(VAULT.items()), listed={}, added_by="u-center"))


def join(state, **typed):
    return s.join(state, listed=VAULT, **typed)


LEVELS = {"1.1": 3, "1.2": 0, "2.1": 5}


def start(state, candidate_id, course_id):
    return s.start_course(state, candidate_id, course_id, positioned_levels=LEVELS, seed="seed-1",
                          started_at="2026-12-10T09:35:00Z")


def add(state, batch, **kwargs):
    return s.add_candidates(state, batch, listed=VAULT, **kwargs)


def refused(state, error, rule, *args, **kwargs):
    before = copy.deepcopy(state)
    with pytest.raises(error):
        rule(*args, **kwargs)
    assert state == before


def joined(state, *pairs):
    for candidate_id, user in pairs:
        fields = VAULT[candidate_id]
        state = fold(state, join(state, user_id=user, last_name=fields["last_name"],
                                   first_name=fields["first_name"], birth_date=fields["birth_date"]))
    return state


def started(state, candidate_id="c1", user="u1"):
    state = joined(state, (candidate_id, user))
    state = fold(state, s.authorize(state, candidate_id))
    return fold(state, start(state, candidate_id, f"course-{candidate_id}"))


def finalized(state):
    state = started(state)
    state = fold(state, s.finish_test(state, "c1"))
    return fold(state, s.finalize(state, finalized_by="u-center", examiner_comment="RAS",
                                  absent_candidate_ids=["c2"], finalized_at="2026-12-10T12:00:00Z"))


# ---- creation, codes, details ------------------------------------------------------------

def test_the_stream_holds_no_secret_and_no_personal_data(session):
    assert session["status"] == s.CREATED and session["center_id"] == "C1"
    assert session["details"] == DETAILS
    events = s.add_candidates(session, [("c3", person("Bernard", "Zoé", birth_city="Lyon"))], listed=VAULT,
                              added_by="u")
    assert asdict(events[0])["candidates"] == ({"candidate_id": "c3", "extra_time_percentage": 0,
                                                "billing_mode": "free"},)
    assert session["candidates"]["c2"]["extra_time_percentage"] == 30
    assert session["candidates"]["c2"]["billing_mode"] == "paid"
    for name in ("Dupont", "Martin", "2001-04-05"):
        assert name not in str(session)


def test_the_invigilator_password_is_derived_per_session_and_secret():
    password = s.invigilator_password(b"k" * 32, "S1")
    assert len(password) == s.PASSWORD_LENGTH and set(password) <= set(s.ACCESS_CODE_ALPHABET)
    assert password == s.invigilator_password(b"k" * 32, "S1")
    assert password not in (s.invigilator_password(b"k" * 32, "S2"), s.invigilator_password(b"j" * 32, "S1"))
    assert s.password_matches(b"k" * 32, "S1", f" {password[:4].lower()} {password[4:]}")
    assert not s.password_matches(b"k" * 32, "S2", password) and not s.password_matches(b"k" * 32, "S1", "")


def test_details_are_required_but_the_description():
    with pytest.raises(s.SessionDetailsInvalid) as error:
        s.create_session(session_id="S", center_id="C", details={**DETAILS, "room": " "}, created_by="u",
                         created_at="t")
    assert error.value.details["missing"] == ["room"]


def test_access_code_skips_taken_codes_and_gives_up_after_max_attempts():
    draws = iter("AAAAAA" + "BBBBBB")
    code = s.generate_access_code(lambda c: c == "AAAAAA", choice=lambda _: next(draws))
    assert code == "BBBBBB"
    with pytest.raises(s.AccessCodeExhausted):
        s.generate_access_code(lambda c: True, max_attempts=3)
    assert all(ch in s.ACCESS_CODE_ALPHABET for ch in s.generate_access_code(lambda c: False))
    assert not set("IO01") & set(s.ACCESS_CODE_ALPHABET)
    assert s.normalize_access_code(" abc 234 ") == "ABC234"


def test_details_update_while_created_and_unchanged_details_give_no_event(session):
    assert s.update_details(session, DETAILS, updated_by="u") == []
    state = fold(session, s.update_details(session, {**DETAILS, "room": "C3"}, updated_by="u"))
    assert state["details"]["room"] == "C3"


# ---- candidates ---------------------------------------------------------------------------

def test_adding_a_list_is_all_or_nothing_and_names_the_duplicates(session):
    batch = [("c3", person("Bernard", "Zoé")), ("c4", person("DUPONT", "elise ")),
             ("c5", person("bernard", "ZOE"))]
    refused(session, s.CandidateDuplicated, add, session, batch, added_by="u")
    with pytest.raises(s.CandidateDuplicated) as error:
        add(session, batch, added_by="u")
    assert error.value.details["duplicates"] == [{"index": 1, "candidate_id": "c1"}, {"index": 2, "same_as": 0}]


def test_same_names_another_birth_date_is_another_person(session):
    state = fold(session, add(session, [("c3", person(birth="2001-04-06"))], added_by="u"))
    assert set(state["candidates"]) == {"c1", "c2", "c3"}


def test_candidate_id_taken_refused(session):
    refused(session, s.CandidateIdTaken, add, session, [("c1", person("X", "Y"))], added_by="u")


def test_a_removed_candidate_may_be_listed_again(session):
    state = fold(session, s.remove_candidate(session, "c1", removed_by="u"))
    assert set(fold(state, add(state, [("c9", person())], added_by="u"))["candidates"]) == {"c2", "c9"}


def test_remove_candidate(session):
    state = fold(session, s.remove_candidate(session, "c2", removed_by="u"))
    assert set(state["candidates"]) == {"c1"}
    refused(state, s.CandidateNotFound, s.remove_candidate, state, "c2", removed_by="u")


@pytest.mark.parametrize("rule, args", [
    (s.update_details, (DETAILS,)),
    (add, ([("c9", person("Neuf", "Nina"))],)),
    (s.remove_candidate, ("c1",)),
])
def test_no_edit_after_finalization(session, rule, args):
    state = finalized(session)
    key = "updated_by" if rule is s.update_details else "added_by" if rule is add else "removed_by"
    refused(state, s.SessionNotEditable, rule, state, *args, **{key: "u"})
    assert s.SessionNotEditable.code == "SESSION_NOT_EDITABLE"


# ---- joining ------------------------------------------------------------------------------

def test_join_matches_whatever_the_case_accents_and_spaces(session):
    events = join(session, user_id="u1", last_name="  dupont ", first_name="ELISE", birth_date="2001-04-05")
    state = fold(session, events)
    assert state["candidates"]["c1"]["user_id"] == "u1" and state["candidates"]["c1"]["exam"] == s.WAITING
    assert join(state, user_id="u1", last_name="Dupont", first_name="Élise", birth_date="2001-04-05") == []


@pytest.mark.parametrize("last, first, birth", [("Dupond", "Élise", "2001-04-05"),
                                                ("Dupont", "Elsa", "2001-04-05"),
                                                ("Dupont", "Élise", "2001-05-04")])
def test_join_without_match_says_not_found_only(session, last, first, birth):
    refused(session, s.CandidateNotFound, join, session, user_id="u1", last_name=last, first_name=first,
            birth_date=birth)
    with pytest.raises(s.CandidateNotFound) as error:
        join(session, user_id="u1", last_name=last, first_name=first, birth_date=birth)
    assert error.value.details == {} and error.value.params == {}


def test_one_person_one_candidate(session):
    state = joined(session, ("c1", "u1"))
    refused(state, s.CandidateAlreadyLinked, join, state, user_id="u2", last_name="Dupont",
            first_name="Élise", birth_date="2001-04-05")
    refused(state, s.PersonAlreadyLinked, join, state, user_id="u1", last_name="Martin",
            first_name="Luc", birth_date="2001-04-05")


def test_join_only_while_created(session):
    state = finalized(session)
    refused(state, s.SessionStatusInvalid, join, state, user_id="u9", last_name="Martin",
            first_name="Luc", birth_date="2001-04-05")


# ---- exam states --------------------------------------------------------------------------

def test_waiting_authorized_started_finished(session):
    state = joined(session, ("c1", "u1"))
    refused(state, s.CandidateNotAuthorized, start, state, "c1", "k1")
    state = fold(state, s.authorize(state, "c1"))
    assert state["candidates"]["c1"]["exam"] == s.AUTHORIZED and s.authorize(state, "c1") == []
    state = fold(state, start(state, "c1", "k1"))
    assert state["candidates"]["c1"]["exam"] == s.STARTED and state["candidates"]["c1"]["course_id"] == "k1"
    assert start(state, "c1", "k1") == []
    state = fold(state, s.finish_test(state, "c1"))
    assert state["candidates"]["c1"]["exam"] == s.FINISHED and s.finish_test(state, "c1") == []
    refused(state, s.CandidateStateInvalid, start, state, "c1", "k1")


def test_not_joined_candidate_cannot_be_authorized(session):
    refused(session, s.CandidateStateInvalid, s.authorize, session, "c1")
    refused(session, s.CandidateNotFound, s.authorize, session, "nobody")


def test_resume_needs_the_invigilators_authorization_and_keeps_the_course(session):
    state = started(session)
    refused(state, s.CandidateNotAuthorized, start, state, "c1", "other")
    state = fold(state, s.authorize_resume(state, "c1"))
    events = start(state, "c1", "other")
    assert events[0].course_id == "course-c1"
    assert (events[0].user_id, events[0].extra_time_percentage, events[0].seed) == ("u1", 0, "seed-1")
    assert events[0].positioned_levels == ({"competence_code": "1.1", "level": 3},
                                           {"competence_code": "2.1", "level": 5})
    state = fold(state, events)
    assert state["candidates"]["c1"]["exam"] == s.STARTED
    refused(joined(session, ("c1", "u1")), s.CandidateStateInvalid, s.authorize_resume,
            joined(session, ("c1", "u1")), "c1")


def test_invigilator_ends_a_test(session):
    state = started(session)
    state = fold(state, s.end_test(state, "c1"))
    assert state["candidates"]["c1"]["exam"] == s.ENDED and s.end_test(state, "c1") == []
    waiting = joined(session, ("c2", "u2"))
    refused(waiting, s.CandidateStateInvalid, s.end_test, waiting, "c2")


def test_alerts_for_the_live_list(session):
    state = started(session)
    state = fold(state, s.raise_alert(state, "c1", "focus_lost", raised_at="t1"))
    state = fold(state, s.raise_alert(state, "c1", "challenge_problem", raised_at="t2", challenge_id="ch7"))
    assert [(a["kind"], a["challenge_id"]) for a in s.alerts(state)] == [("focus_lost", None),
                                                                         ("challenge_problem", "ch7")]
    refused(state, s.UnknownAlertKind, s.raise_alert, state, "c1", "noise", raised_at="t3")
    refused(session, s.CandidateStateInvalid, s.raise_alert, session, "c2", "focus_lost", raised_at="t3")


def test_incidents_use_the_known_categories(session):
    state = fold(session, s.record_incident(session, "c1", "image_not_displaying", "ch1"))
    assert state["incidents"] == [{"candidate_id": "c1", "category": "image_not_displaying", "challenge_id": "ch1"}]
    refused(state, UnknownIncidentCategory, s.record_incident, state, "c1", "bad_weather")


# ---- finalization and publication -----------------------------------------------------------

def test_finalize_needs_every_candidate_finished_or_absent(session):
    state = started(session)
    with pytest.raises(s.CandidatesUnaccounted) as error:
        s.finalize(state, finalized_by="u", examiner_comment="", absent_candidate_ids=[], finalized_at="t")
    assert error.value.details["candidate_ids"] == ["c1", "c2"]
    refused(state, s.CandidatesUnaccounted, s.finalize, state, finalized_by="u", examiner_comment="",
            absent_candidate_ids=["c2"], finalized_at="t")


def test_finalize_records_comment_absences_and_incidents(session):
    state = started(session)
    state = fold(state, s.end_test(state, "c1"))
    state = fold(state, s.finalize(state, finalized_by="u", examiner_comment="Coupure réseau",
                                   absent_candidate_ids=["c2"], incidents=[("c1", "fraud", None)],
                                   finalized_at="t"))
    assert state["status"] == s.FINALIZED and state["examiner_comment"] == "Coupure réseau"
    assert state["candidates"]["c2"]["absent"] and not state["candidates"]["c1"]["absent"]
    assert state["incidents"] == [{"candidate_id": "c1", "category": "fraud", "challenge_id": None}]
    refused(state, s.SessionNotEditable, s.finalize, state, finalized_by="u", examiner_comment="",
            absent_candidate_ids=[], finalized_at="t")


def test_processing_then_publication_and_result_visibility(session):
    refused(session, s.SessionStatusInvalid, s.start_processing, session)
    refused(session, s.SessionStatusInvalid, s.publish, session, published_by="admin", published_at="t")
    state = finalized(session)
    assert not s.result_visible(state)
    refused(state, s.SessionStatusInvalid, s.publish, state, published_by="admin", published_at="t")
    state = fold(state, s.start_processing(state))
    assert state["status"] == s.IN_PROCESS and s.start_processing(state) == [] and not s.result_visible(state)
    state = fold(state, s.publish(state, published_by="admin", published_at="t"))
    assert state["status"] == s.PUBLISHED and s.result_visible(state)
    assert s.publish(state, published_by="admin", published_at="t") == []


def test_evolve_ignores_events_before_creation_and_unknown_candidates(session):
    assert s.evolve(None, SimpleNamespace(type="CandidateJoined", data={"candidate_id": "c1"})) is None
    after = s.evolve(session, SimpleNamespace(type="CandidateAuthorized",
                                              data={"session_id": "S1", "candidate_id": "gone"}))
    assert after == session
