"""Payloads published by sharing on pix.sharing.events.

Organizations and their members (key: organization_id, stream organization-<id>), campaigns
(key: organization_id, stream campaign-<id>), what people share (key: user_id). No names, no
e-mail, no student number: a person's personal data stays in sharing's store, where an
erasure removes it (docs/architecture.md §5).
"""

from marshmallow import RAISE, Schema, fields, validate

from ._fields import CompetenceCode, Integer, Timestamp, Uuid, matching
from .assessment import CampaignMasteryData
from .profile import CompetenceSchema, OnePerCompetenceInOrder

ORGANIZATION_TYPES = ("SCO", "SUP", "PRO", "MEDIATION")
MEMBER_ROLES = ("ADMIN", "MEMBER")
CAMPAIGN_KINDS = ("ASSESSMENT", "PROFILES_COLLECTION")
# Unambiguous characters: no I or O among the letters, no 0 or 1 among the digits.
ORGANIZATION_CODE_PATTERN = "^[A-HJ-NP-Z]{4}-[2-9]{4}$(?!\\n)"
CAMPAIGN_CODE_PATTERN = "^[BCDFGHJKMPQRTVWXY]{6}[2346789]{3}$(?!\\n)"
TUBE_PATTERN = "^@[a-z]{1,40}$(?!\\n)"


class _Strict(Schema):
    class Meta:
        unknown = RAISE


def _name() -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=200))


def _role() -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(MEMBER_ROLES))


class OrganizationCreatedData(_Strict):
    class Meta(_Strict.Meta):
        description = "A platform admin created an organization; its code is what people type to share with it."

    organization_id = Uuid(required=True)
    display_name = _name()
    type = fields.String(required=True, validate=validate.OneOf(ORGANIZATION_TYPES),
                         metadata={"description": "SCO school, SUP higher education, PRO company, MEDIATION."})
    code = fields.String(required=True, validate=matching(ORGANIZATION_CODE_PATTERN, "Not an organization code."),
                         metadata={"description": "Unique, e.g. ABCD-2345."})
    created_by = Uuid(required=True)
    created_at = Timestamp(required=True)


class MemberInvitedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("Someone was invited to join an organization. The address stays in sharing's store; "
                       "the invitation works once, before expires_at.")

    organization_id = Uuid(required=True)
    invitation_id = Uuid(required=True)
    role = _role()
    invited_by = Uuid(required=True)
    invited_at = Timestamp(required=True)
    expires_at = Timestamp(required=True)


class MemberJoinedData(_Strict):
    class Meta(_Strict.Meta):
        description = "A person accepted an invitation and is now a member of the organization."

    organization_id = Uuid(required=True)
    user_id = Uuid(required=True)
    role = _role()
    invitation_id = Uuid(required=True)
    joined_at = Timestamp(required=True)


class MemberRoleChangedData(_Strict):
    class Meta(_Strict.Meta):
        description = "An organization admin changed a member's role."

    organization_id = Uuid(required=True)
    user_id = Uuid(required=True)
    role = _role()
    changed_by = Uuid(required=True)
    changed_at = Timestamp(required=True)


class MemberRemovedData(_Strict):
    class Meta(_Strict.Meta):
        description = "A member left the organization or was removed by an admin (never its last admin)."

    organization_id = Uuid(required=True)
    user_id = Uuid(required=True)
    removed_by = Uuid(required=True)
    removed_at = Timestamp(required=True)


class ProfileSharedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A person sent a copy of their profile, as it stood at that moment, to an organization "
                       "(directly, or through a profile-collection campaign). Later progress is not sent.")

    share_id = Uuid(required=True)
    user_id = Uuid(required=True)
    organization_id = Uuid(required=True)
    campaign_id = Uuid(required=True, allow_none=True)
    participation_id = Uuid(required=True, allow_none=True)
    shared_at = Timestamp(required=True)
    total_pix = Integer(required=True, validate=validate.Range(min=0, max=1024))
    profile_percent = Integer(required=True, validate=validate.Range(min=0, max=100), metadata={
        "description": "Evaluated competences × 100 / 16, rounded down."})
    certifiable_competences = Integer(required=True, validate=validate.Range(min=0, max=16), metadata={
        "description": "Competences at level 1 or more (5 make a profile certifiable)."})
    competences = fields.List(fields.Nested(CompetenceSchema), required=True,
                              validate=[validate.Length(equal=16), OnePerCompetenceInOrder()],
                              metadata={"description": "The 16 competences, once each, ordered by code."})
    profile_updated_at = Timestamp(required=True, allow_none=True, metadata={
        "description": "When the copied profile last changed; null for a person with no result yet."})


class CampaignCreatedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("An organization created a campaign: an assessment on a target profile (competences or "
                       "tubes), or a profile collection. People join it with its code.")

    campaign_id = Uuid(required=True)
    organization_id = Uuid(required=True)
    title = _name()
    kind = fields.String(required=True, validate=validate.OneOf(CAMPAIGN_KINDS))
    code = fields.String(required=True, validate=matching(CAMPAIGN_CODE_PATTERN, "Not a campaign code."))
    target_competences = fields.List(CompetenceCode(), required=True, metadata={
        "description": "ASSESSMENT: competences whose every tube is targeted; empty for a profile collection."})
    target_tubes = fields.List(fields.String(validate=matching(TUBE_PATTERN, "Not a tube name (@tube).")),
                               required=True, metadata={"description": "ASSESSMENT: single tubes targeted."})
    multiple_sendings = fields.Boolean(required=True, metadata={
        "description": "Whether a participant may send again (a retry, for an assessment)."})
    created_by = Uuid(required=True)
    created_at = Timestamp(required=True)


class CampaignParticipationStartedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A person joined a campaign (or retried it: attempt 2 and more). For an ASSESSMENT, "
                       "assessment starts the campaign test, whose assessment id is the participation id.")

    participation_id = Uuid(required=True)
    campaign_id = Uuid(required=True)
    organization_id = Uuid(required=True)
    user_id = Uuid(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(CAMPAIGN_KINDS))
    target_competences = fields.List(CompetenceCode(), required=True)
    target_tubes = fields.List(fields.String(validate=matching(TUBE_PATTERN, "Not a tube name (@tube).")),
                               required=True)
    attempt = Integer(required=True, validate=validate.Range(min=1, max=1000))
    previous_participation_id = Uuid(required=True, allow_none=True, metadata={
        "description": "A retry's previous attempt, whose validated skills the new test keeps."})
    started_at = Timestamp(required=True)


class CampaignParticipationSharedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A participant sent their result to the campaign's organization: the mastery of the "
                       "target profile (ASSESSMENT), or the ProfileShared of the same commit (PROFILES_COLLECTION).")

    participation_id = Uuid(required=True)
    campaign_id = Uuid(required=True)
    organization_id = Uuid(required=True)
    user_id = Uuid(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(CAMPAIGN_KINDS))
    shared_at = Timestamp(required=True)
    share_id = Uuid(required=True, allow_none=True)
    mastery_rate = Integer(required=True, allow_none=True, validate=validate.Range(min=0, max=100))
    validated_skills = Integer(required=True, allow_none=True, validate=validate.Range(min=0, max=1000))
    target_skills = Integer(required=True, allow_none=True, validate=validate.Range(min=0, max=1000))
    competences = fields.List(fields.Nested(CampaignMasteryData), required=True)
