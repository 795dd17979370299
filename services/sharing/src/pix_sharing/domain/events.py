"""Events sharing publishes (contracts/events/*.json). Wire names and versions are bound in
bootstrap (the codec). No names, e-mail or student number: those stay in sharing's store,
where an erasure removes them (docs/architecture.md §5)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OrganizationCreated:
    organization_id: str
    display_name: str
    type: str  # SCO | SUP | PRO | MEDIATION
    code: str  # ABCD-2345
    created_by: str
    created_at: str


@dataclass(frozen=True)
class MemberInvited:
    organization_id: str
    invitation_id: str
    role: str  # ADMIN | MEMBER
    invited_by: str
    invited_at: str
    expires_at: str


@dataclass(frozen=True)
class MemberJoined:
    organization_id: str
    user_id: str
    role: str
    invitation_id: str
    joined_at: str


@dataclass(frozen=True)
class MemberRoleChanged:
    organization_id: str
    user_id: str
    role: str
    changed_by: str
    changed_at: str


@dataclass(frozen=True)
class MemberRemoved:
    organization_id: str
    user_id: str
    removed_by: str
    removed_at: str


@dataclass(frozen=True)
class ProfileShared:
    """A copy of the profile as it stood when the person pressed "Envoyer"."""
    share_id: str
    user_id: str
    organization_id: str
    campaign_id: str | None
    participation_id: str | None
    shared_at: str
    total_pix: int
    profile_percent: int
    certifiable_competences: int
    competences: list  # 16 × {code, level, pix, progress}, ordered by code
    profile_updated_at: str | None


@dataclass(frozen=True)
class CampaignCreated:
    campaign_id: str
    organization_id: str
    title: str
    kind: str  # ASSESSMENT | PROFILES_COLLECTION
    code: str  # BCDFGH234
    target_competences: list
    target_tubes: list
    multiple_sendings: bool
    created_by: str
    created_at: str


@dataclass(frozen=True)
class CampaignParticipationStarted:
    participation_id: str
    campaign_id: str
    organization_id: str
    user_id: str
    kind: str
    target_competences: list
    target_tubes: list
    attempt: int
    previous_participation_id: str | None
    started_at: str


@dataclass(frozen=True)
class CampaignParticipationShared:
    participation_id: str
    campaign_id: str
    organization_id: str
    user_id: str
    kind: str
    shared_at: str
    share_id: str | None
    mastery_rate: int | None
    validated_skills: int | None
    target_skills: int | None
    competences: list  # [{code, validated, total, mastery_rate}]

