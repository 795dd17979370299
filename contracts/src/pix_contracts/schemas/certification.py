"""Payloads published by certification on pix.certification.events (docs/domain.md §6, docs/adr/0016).

Centers: an accreditation request (key: request_id, stream center-request-<id>), then the
accredited center and its members (key: center_id, stream center-<id>). Sessions (key:
session_id, stream session-<id>): details, candidates, each candidate's exam, finalization,
publication. Courses (key: course_id, stream course-<id>): a candidate's scores and certificate.

No personal data: a request's contact (name, e-mail, phone) waits in a vault keyed by the
request id, and who the candidates are in the candidate vault; events carry their ids only.
A center's name and address, and a session's address, are an institution's, not a person's.

The lists of values below are copied from certification's domain (services do not share code
with contracts); each says where it comes from. Keep them equal.
"""

from marshmallow import RAISE, Schema, fields, validate

from ..framework import COMPETENCE_CODES, FRAMEWORK_MAX_LEVEL, PIX_PER_LEVEL
from ._fields import CompetenceCode, Date, Integer, Number, Timestamp, UniqueItems, Uuid, matching
from .assessment import ANSWER_STATUSES, CHALLENGE_ID_PATTERN

# services/certification/src/pix_certification/domain/centers.py: CENTER_TYPES, MEMBER_ROLES,
# TEXT_MAX (names and addresses), MESSAGE_MAX (a decline's reason).
CENTER_TYPES = ("SCHOOL", "HIGHER_EDUCATION", "PUBLIC_DIGITAL_SPACE", "COMPANY", "OTHER")
CENTER_MEMBER_ROLES = ("ADMIN", "MEMBER")
TEXT_MAX = 255
MESSAGE_MAX = 2000
# domain/sessions.py: ALERT_KINDS.
ALERT_KINDS = ("focus_lost", "challenge_problem")
# domain/incidents.py: CATEGORIES (in-challenge ones first, then the others; the order of the
# domain module's constants).
INCIDENT_CATEGORIES = (
    "image_not_displaying", "file_not_opening", "site_blocked", "extra_time_exceeded",
    "unintentional_focus_out", "accessibility",
    "candidate_information_change", "signature_issue", "fraud", "non_blocking",
)
# domain/candidates.py: BILLING_MODES, MAX_EXTRA_TIME, MAX_CANDIDATES.
BILLING_MODES = ("free", "paid", "prepaid")
MAX_EXTRA_TIME = 100
MAX_CANDIDATES = 1000
# domain/scoring.py: outcomes of a competence; domain/course_events.py: reasons of a scoring.
OUTCOMES = ("certified", "level_minus_one", "not_certified")
SCORING_REASONS = ("test_completed", "session_finalized")
# assessment's domain/events.py (CertificationTestComposed): 3 questions per competence, 48 in all.
MAX_QUESTIONS = 48
MAX_PIX = len(COMPETENCE_CODES) * FRAMEWORK_MAX_LEVEL * PIX_PER_LEVEL  # 1024
# domain/verification_code.py: P- and 8 characters without vowels or look-alikes.
VERIFICATION_CODE_PATTERN = "^P-[2346789BCDFGHJKMPQRTVWXY]{8}$(?!\\n)"
# A session's time of day, as the center typed it (HH:MM, 24 h).
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$(?!\\n)"
# A user id, or "" (CenterMemberInvited.invited_by of the first admin's invitation).
UUID_OR_EMPTY_PATTERN = "^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$(?!\\n)"


class _Strict(Schema):
    class Meta:
        unknown = RAISE


def _text(description: str | None = None, *, low: int = 1, high: int = TEXT_MAX) -> fields.String:
    metadata = {"description": description} if description else {}
    return fields.String(required=True, validate=validate.Length(min=low, max=high), metadata=metadata)


def _center_type(description: str) -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(CENTER_TYPES), metadata={"description": description})


def _role() -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(CENTER_MEMBER_ROLES))


def _challenge_id(description: str) -> fields.String:
    return fields.String(required=True, allow_none=True,
                         validate=matching(CHALLENGE_ID_PATTERN, "Not a challenge id."),
                         metadata={"description": description})


def _extra_time() -> Integer:
    return Integer(required=True, validate=validate.Range(min=0, max=MAX_EXTRA_TIME),
                   metadata={"description": "Extra time granted, in % of the test's time (0: none)."})


# ---- centers ------------------------------------------------------------------------------

class AccreditationRequestedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("An institution asked to become a certification center. Its contact's name, e-mail and "
                       "phone stay in certification's vault under request_id, never in the event.")

    request_id = Uuid(required=True)
    institution_name = _text("The institution's name (not a person's), trimmed.")
    institution_type = _center_type("SCHOOL, HIGHER_EDUCATION, PUBLIC_DIGITAL_SPACE, COMPANY or OTHER.")
    address = _text("The institution's postal address, trimmed.")
    requested_at = Timestamp(required=True)


class AccreditationDeclinedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A platform admin (CERTIF) declined an accreditation request, with a reason; a request is "
                       "decided once.")

    request_id = Uuid(required=True)
    reason = _text("Why, as the admin wrote it (plain text, line breaks allowed).", high=MESSAGE_MAX)
    declined_by = Uuid(required=True)
    declined_at = Timestamp(required=True)


class CenterAccreditedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A platform admin (CERTIF) accepted an accreditation request: the center exists. Its first "
                       "admin is invited at the contact e-mail kept in the vault under request_id.")

    request_id = Uuid(required=True)
    center_id = Uuid(required=True)
    name = _text("The center's name: the request's institution_name.")
    type = _center_type("The request's institution_type.")
    address = _text("The center's postal address: the request's.")
    accredited_by = Uuid(required=True)
    accredited_at = Timestamp(required=True)


class CenterMemberInvitedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("Someone was invited to join a center. The address stays in certification's store; the "
                       "invitation works once, before expires_at (7 days).")

    center_id = Uuid(required=True)
    invitation_id = Uuid(required=True)
    role = _role()
    invited_by = fields.String(required=True, validate=matching(UUID_OR_EMPTY_PATTERN, "Not a user id or empty."),
                               metadata={"description": "The admin's user id; empty for the first admin's "
                                                        "invitation, made by the accreditation itself."})
    invited_at = Timestamp(required=True)
    expires_at = Timestamp(required=True)


class CenterMemberJoinedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A person accepted an invitation and is now a member of the center (an invitation never "
                       "lowers a role).")

    center_id = Uuid(required=True)
    invitation_id = Uuid(required=True)
    user_id = Uuid(required=True)
    role = _role()
    joined_at = Timestamp(required=True)


class CenterMemberRoleChangedData(_Strict):
    class Meta(_Strict.Meta):
        description = "A center admin changed a member's role (never the last admin's)."

    center_id = Uuid(required=True)
    user_id = Uuid(required=True)
    role = _role()
    changed_by = Uuid(required=True)
    changed_at = Timestamp(required=True)


class CenterMemberRemovedData(_Strict):
    class Meta(_Strict.Meta):
        description = "A member left the center or was removed by an admin (never its last admin)."

    center_id = Uuid(required=True)
    user_id = Uuid(required=True)
    removed_by = Uuid(required=True, metadata={"description": "user_id itself when the member left."})
    removed_at = Timestamp(required=True)


# ---- sessions -----------------------------------------------------------------------------

def _details() -> tuple[fields.Field, ...]:
    """Fresh fields for a session's details (address, room, examiner, date, time, description),
    as SessionCreated and SessionDetailsUpdated carry them."""
    return (
        _text("Where the session takes place, trimmed."),
        _text("The room, trimmed."),
        _text("The session's examiner as the center typed it (who supervises the room), trimmed."),
        Date(required=True, metadata={"description": "The session's day, YYYY-MM-DD."}),
        fields.String(required=True, validate=matching(TIME_PATTERN, "Not a time like 14:30."),
                      metadata={"description": "The session's start, HH:MM (24 h, the center's local time)."}),
        _text("Free text for the candidates; may be empty.", low=0, high=MESSAGE_MAX),
    )


class SessionCreatedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A center member created a certification session (status created). Its access code and "
                       "invigilator password are kept beside the stream, never in an event.")

    session_id = Uuid(required=True)
    center_id = Uuid(required=True)
    address, room, examiner, date, time, description = _details()
    created_by = Uuid(required=True)
    created_at = Timestamp(required=True)


class SessionDetailsUpdatedData(_Strict):
    class Meta(_Strict.Meta):
        description = "A center member changed a session's details while it was created: all of them, as they now are."

    session_id = Uuid(required=True)
    address, room, examiner, date, time, description = _details()
    updated_by = Uuid(required=True)


class ListedCandidateData(_Strict):
    candidate_id = Uuid(required=True)
    extra_time_percentage = _extra_time()
    billing_mode = fields.String(required=True, validate=validate.OneOf(BILLING_MODES))


class CandidatesAddedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("Candidates were added to a session's list: one, or a whole imported sheet at once (all or "
                       "nothing). Only what the exam needs; who they are stays in the candidate vault.")

    session_id = Uuid(required=True)
    candidates = fields.List(fields.Nested(ListedCandidateData), required=True,
                             validate=validate.Length(min=1, max=MAX_CANDIDATES))
    added_by = Uuid(required=True)


class CandidateRemovedData(_Strict):
    class Meta(_Strict.Meta):
        description = "A center member took a candidate off a session's list while it was created."

    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True)
    removed_by = Uuid(required=True)


class CandidateJoinedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A person who typed the session's access code was matched with a listed candidate (names and "
                       "birth date, compared in certification): that candidate is now this user, waiting.")

    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True)
    user_id = Uuid(required=True)


class CandidateAuthorizedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("The invigilator let a waiting candidate start (resume false), or an interrupted one resume "
                       "(true).")

    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True)
    resume = fields.Boolean(required=True)


class PositionedLevelData(_Strict):
    competence_code = CompetenceCode(required=True)
    level = Integer(required=True, validate=validate.Range(min=1, max=FRAMEWORK_MAX_LEVEL))


class CertificationCourseStartedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("An authorized candidate started their certification course: what assessment composes and "
                       "times the test with (docs/adr/0016). Sent again, with the same course_id, when an "
                       "interrupted candidate resumes; assessment ignores a course it already composed.")

    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True)
    course_id = Uuid(required=True)
    user_id = Uuid(required=True)
    extra_time_percentage = _extra_time()
    positioned_levels = fields.List(fields.Nested(PositionedLevelData), required=True,
                                    validate=validate.Length(max=len(COMPETENCE_CODES)),
                                    metadata={"description": "The candidate's certifiable competences (level 1 or "
                                                             "more) from their profile, once each, ordered by code."})
    seed = fields.String(required=True, validate=validate.Length(min=1, max=64),
                         metadata={"description": "Draws the test's challenges: the same seed gives the same test."})
    started_at = Timestamp(required=True)


class CandidateTestEndedData(_Strict):
    class Meta(_Strict.Meta):
        description = "The invigilator ended a candidate's test."

    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True)


class CandidateTestFinishedData(_Strict):
    class Meta(_Strict.Meta):
        description = "The candidate answered to the end of their test."

    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True)


class CandidateAlertRaisedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A started candidate's test raised an alert for the invigilator: the page lost focus, or the "
                       "candidate reported a problem with a challenge.")

    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(ALERT_KINDS))
    challenge_id = _challenge_id("The challenge on screen (assessment's bank id), if known; else null.")
    raised_at = Timestamp(required=True)


class IncidentRecordedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("An incident was reported for a candidate (by the invigilator, or at finalization). The "
                       "in-challenge categories (image_not_displaying … accessibility) name the challenge and "
                       "neutralize it if it was answered wrong or skipped; the others have no challenge.")

    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True)
    category = fields.String(required=True, validate=validate.OneOf(INCIDENT_CATEGORIES))
    challenge_id = _challenge_id("Set for an in-challenge category, null for the others.")


class SessionFinalizedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("The session was finalized (status finalized): every candidate finished, ended or marked "
                       "absent; its incidents are the IncidentRecorded events before this one.")

    session_id = Uuid(required=True)
    finalized_by = Uuid(required=True)
    examiner_comment = _text("The examiner's report on the session, as typed; may be empty.", low=0, high=MESSAGE_MAX)
    absent_candidate_ids = fields.List(Uuid(), required=True,
                                       validate=[validate.Length(max=MAX_CANDIDATES), UniqueItems()],
                                       metadata={"description": "Listed candidates who did not come, once each."})
    finalized_at = Timestamp(required=True)


class SessionProcessingStartedData(_Strict):
    class Meta(_Strict.Meta):
        description = "A finalized session's results are being processed (status in_process)."

    session_id = Uuid(required=True)


class SessionPublishedData(_Strict):
    class Meta(_Strict.Meta):
        description = "A platform admin published the session's results (status published): they are now visible."

    session_id = Uuid(required=True)
    published_by = Uuid(required=True)
    published_at = Timestamp(required=True)


# ---- courses ------------------------------------------------------------------------------

def _count(description: str, high: int = MAX_QUESTIONS) -> Integer:
    return Integer(required=True, validate=validate.Range(min=0, max=high), metadata={"description": description})


class ScoredAnswerData(_Strict):
    challenge_id = fields.String(required=True, validate=matching(CHALLENGE_ID_PATTERN, "Not a challenge id."))
    competence_code = CompetenceCode(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ANSWER_STATUSES),
                           metadata={"description": "Only ok is correct."})
    neutralized = fields.Boolean(required=True, metadata={
        "description": "Taken out of the score by an incident; a correct answer is never neutralized."})


class CompetenceResultData(_Strict):
    competence_code = CompetenceCode(required=True)
    positioned_level = Integer(required=True, validate=validate.Range(min=1, max=FRAMEWORK_MAX_LEVEL))
    answers = _count("Questions asked on the competence, neutralized ones included.")
    neutralized = _count("Of those, taken out of the score.")
    correct = _count("Correct among the answers not neutralized.")
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    certified_level = Integer(required=True, validate=validate.Range(min=0, max=FRAMEWORK_MAX_LEVEL), metadata={
        "description": "positioned_level (certified), one less (level_minus_one), or 0 (not_certified)."})


class CertificationScoredData(_Strict):
    class Meta(_Strict.Meta):
        description = ("One scoring of a course, with every figure it used (docs/domain.md §6): when the test "
                       "completes, and again at finalization with the incidents known then. The last one counts.")

    course_id = Uuid(required=True)
    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True)
    user_id = Uuid(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(SCORING_REASONS))
    positioned_levels = fields.List(fields.Nested(PositionedLevelData), required=True,
                                    validate=validate.Length(max=len(COMPETENCE_CODES)),
                                    metadata={"description": "The levels the test was composed on, ordered by code."})
    answers = fields.List(fields.Nested(ScoredAnswerData), required=True,
                          validate=validate.Length(max=MAX_QUESTIONS),
                          metadata={"description": "The answers, in the order asked."})
    questions = _count("Questions composed; those never answered count as wrong.")
    counted = _count("Answers not neutralized.")
    correct = _count("Correct among the counted.")
    rate_percent = Number(required=True, validate=validate.Range(min=0, max=100), metadata={
        "description": "100 × correct / counted (not rounded); 0 when nothing counts."})
    rate_below_minimum = fields.Boolean(required=True, metadata={
        "description": "Below 50 % (or nothing counted): nothing is certified."})
    competences = fields.List(fields.Nested(CompetenceResultData), required=True,
                              validate=validate.Length(max=len(COMPETENCE_CODES)),
                              metadata={"description": "Each positioned competence's result, ordered by code."})
    pix = Integer(required=True, validate=validate.Range(min=0, max=MAX_PIX),
                  metadata={"description": "Certified pix: the certified levels × 8, summed."})
    scored_at = Timestamp(required=True)


class CertifiedLevelData(_Strict):
    competence_code = CompetenceCode(required=True)
    level = Integer(required=True, validate=validate.Range(min=0, max=FRAMEWORK_MAX_LEVEL),
                    metadata={"description": "The certified level; 0 = not certified."})


class CertificateIssuedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("At a session's publication, the certificate of a course that certified something. The "
                       "holder's names are read from the candidate vault when it is shown, never carried here.")

    certificate_id = Uuid(required=True)
    verification_code = fields.String(required=True, validate=matching(VERIFICATION_CODE_PATTERN,
                                                                       "Not a verification code (P-XXXXXXXX)."),
                                      metadata={"description": "Unique; anyone checks the certificate with it."})
    course_id = Uuid(required=True)
    session_id = Uuid(required=True)
    candidate_id = Uuid(required=True, metadata={"description": "The session's candidate: whose names to show."})
    center_id = Uuid(required=True)
    user_id = Uuid(required=True)
    competences = fields.List(fields.Nested(CertifiedLevelData), required=True,
                              validate=validate.Length(min=1, max=len(COMPETENCE_CODES)),
                              metadata={"description": "The positioned competences, ordered by code."})
    pix = Integer(required=True, validate=validate.Range(min=0, max=MAX_PIX),
                  metadata={"description": "Certified pix: the certified levels × 8, summed."})
    certified_on = Date(required=True, metadata={"description": "The session's day, YYYY-MM-DD."})
    issued_at = Timestamp(required=True)
