"""Campaigns and participations: create, join, send, retry (docs/domain.md §7).

A participation's attempts live in one stream, `participation-<campaign id>-<user id>`, so
that joining twice at once is refused by the store's expected version rather than by a read
model that may lag. The names (and a student number) go into the participation vault first,
then the event is appended; an append the store refuses takes its vault entry out again.
Sending a profile collection appends CampaignParticipationShared and ProfileShared in one
commit, the snapshot made as the share flow makes it (handlers/shares.py).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pixkit.events import EventCodec, Meta
from pixkit.store import ConcurrencyError, EventStore

from ..adapters.campaign_book import CampaignBook
from ..adapters.participation_vault import Participant, ParticipationVault
from ..adapters.share_vault import ShareVault
from ..domain import campaigns as rules
from ..domain.campaigns import (
    ASSESSMENT,
    AlreadyShared,
    CampaignCodeUnknown,
    CreateCampaign,
    JoinCampaign,
    ParticipationNotFound,
    RetryNotAllowed,
    RetryParticipation,
    ShareParticipation,
    ShareThroughCampaign,
)
from ..domain.events import CampaignCreated, CampaignParticipationShared, CampaignParticipationStarted
from ..domain.shares import snapshot_of, student_number_for
from .shares import profile_shared, shared_identity


@dataclass(frozen=True)
class CampaignDeps:
    store: EventStore
    codec: EventCodec
    book: CampaignBook
    vault: ParticipationVault
    share_vault: ShareVault
    people: object  # sharing's copy of the people topic
    profiles: object  # sharing's copy of the profiles, what snapshots are made from
    organizations: object  # the organizations read model
    participations: object  # the participations read model (results of campaign tests)
    clock: Callable[[], datetime]
    new_id: Callable[[], str]


@dataclass(frozen=True)
class CampaignCreatedAnswer:
    campaign_id: str
    code: str


@dataclass(frozen=True)
class Joined:
    participation_id: str
    campaign_id: str
    kind: str
    created: bool


@dataclass(frozen=True)
class ParticipationShared:
    participation_id: str
    campaign_id: str
    organization_id: str
    shared_at: str
    share_id: str | None


def create_campaign(command: CreateCampaign, meta: Meta, *, deps: CampaignDeps) -> CampaignCreatedAnswer:
    """The caller's membership is checked by the entrypoint (pixkit.web.membership)."""
    title = rules.campaign_title(command.title)
    competences, tubes = rules.target(command.kind, command.target_competences, command.target_tubes)
    campaign_id = deps.new_id()
    code = deps.book.reserve_code(campaign_id)
    event = CampaignCreated(campaign_id=campaign_id, organization_id=command.organization_id,
                            title=title, kind=command.kind, code=code,
                            target_competences=competences, target_tubes=tubes,
                            multiple_sendings=bool(command.multiple_sendings), created_by=command.user_id,
                            created_at=rules.iso(deps.clock()))
    pending = deps.codec.encode(event)
    deps.store.append(rules.campaign_stream(campaign_id), 0, [pending], key=command.organization_id,
                      state=dict(pending.data), meta=meta)
    return CampaignCreatedAnswer(campaign_id, code)


def _participation(deps: CampaignDeps, campaign_id: str, user_id: str):
    return deps.store.load(rules.participation_stream(campaign_id, user_id), rules.evolve)


def join_campaign(command: JoinCampaign, meta: Meta, *, deps: CampaignDeps) -> Joined:
    """A new participation, or the current one (created=False) for a person already in."""
    campaign = deps.book.by_code(rules.normalize_campaign_code(command.campaign_code))
    if campaign is None:
        raise CampaignCodeUnknown()
    for _ in range(2):  # a second try answers a double click with the participation it made
        loaded = _participation(deps, campaign["campaign_id"], command.user_id)
        attempt = rules.current_attempt(loaded.state)
        if attempt is not None:
            refusal = rules.join_refusal(campaign, attempt)
            if refusal is not None:
                raise refusal
            return Joined(attempt["participation_id"], campaign["campaign_id"], campaign["kind"], False)
        organization = deps.organizations.find_one({"_id": campaign["organization_id"]}) or {}
        student_number = student_number_for(organization.get("type", ""), command.student_number)
        try:
            participation_id = _start(deps, campaign, command.user_id, loaded, None, student_number, meta)
        except ConcurrencyError:
            continue
        return Joined(participation_id, campaign["campaign_id"], campaign["kind"], True)
    raise ConcurrencyError(f"joining campaign {campaign['campaign_id']} kept racing")


def _start(deps: CampaignDeps, campaign: dict, user_id: str, loaded, previous: dict | None,
           student_number: str | None, meta: Meta) -> str:
    participation_id, now = deps.new_id(), deps.clock()
    person = shared_identity(deps.people, user_id, student_number)
    deps.vault.put(Participant(participation_id, campaign["campaign_id"], user_id, person.first_name,
                               person.last_name, student_number))
    event = CampaignParticipationStarted(
        participation_id=participation_id, campaign_id=campaign["campaign_id"],
        organization_id=campaign["organization_id"], user_id=user_id, kind=campaign["kind"],
        target_competences=list(campaign["target_competences"]), target_tubes=list(campaign["target_tubes"]),
        attempt=previous["attempt"] + 1 if previous else 1,
        previous_participation_id=previous["participation_id"] if previous else None, started_at=rules.iso(now))
    pending = deps.codec.encode(event)
    try:
        deps.store.append(loaded.stream, loaded.version, [pending], key=user_id,
                          state=rules.evolve(loaded.state, pending), meta=meta)
    except ConcurrencyError:
        deps.vault.forget([participation_id])  # refused for sure: nothing was appended
        raise
    return participation_id


def owned(deps: CampaignDeps, user_id: str, participation_id: str) -> tuple[Participant, dict, object, dict]:
    """The caller's own participation: (vault entry, campaign, loaded stream, attempt).
    Someone else's and an unknown one are refused alike."""
    entry = deps.vault.get(participation_id)
    if entry is None or entry.user_id != user_id:
        raise ParticipationNotFound()
    campaign = deps.book.load(entry.campaign_id)
    loaded = _participation(deps, entry.campaign_id, user_id)
    attempt = rules.attempt_of(loaded.state, participation_id)
    if campaign is None or attempt is None:
        raise ParticipationNotFound()  # a vault entry whose append never happened
    return entry, campaign, loaded, attempt


def share_participation(command: ShareParticipation, meta: Meta, *, deps: CampaignDeps) -> ParticipationShared:
    entry, campaign, loaded, attempt = owned(deps, command.user_id, command.participation_id)
    result = (deps.participations.find_one({"_id": command.participation_id}) or {}).get("result")
    refusal = rules.share_refusal(campaign["kind"], attempt, completed=result is not None)
    if refusal is not None:
        raise refusal
    shared_at = rules.iso(deps.clock())
    common = dict(participation_id=command.participation_id, campaign_id=campaign["campaign_id"],
                  organization_id=campaign["organization_id"], user_id=command.user_id, kind=campaign["kind"],
                  shared_at=shared_at)
    if campaign["kind"] == ASSESSMENT:
        events = [CampaignParticipationShared(
            **common, share_id=None, mastery_rate=result["mastery_rate"], validated_skills=result["validated_skills"],
            target_skills=result["target_skills"], competences=[dict(c) for c in result["competences"]])]
        share_id = None
    else:
        share_id = deps.new_id()
        snapshot = snapshot_of(deps.profiles.find_one({"_id": command.user_id}))
        deps.share_vault.put(share_id, shared_identity(deps.people, command.user_id, entry.student_number))
        events = [CampaignParticipationShared(**common, share_id=share_id, mastery_rate=None, validated_skills=None,
                                              target_skills=None, competences=[]),
                  profile_shared(share_id, command.user_id, campaign["organization_id"], shared_at, snapshot,
                                 campaign_id=campaign["campaign_id"], participation_id=command.participation_id)]
    pending = [deps.codec.encode(e) for e in events]
    state = loaded.state
    for p in pending:
        state = rules.evolve(state, p)
    try:
        deps.store.append(loaded.stream, loaded.version, pending, key=command.user_id, state=state, meta=meta)
    except ConcurrencyError:
        if share_id is not None:
            deps.share_vault.forget([share_id])
        raise
    return ParticipationShared(command.participation_id, campaign["campaign_id"], campaign["organization_id"],
                               shared_at, share_id)


def retry_participation(command: RetryParticipation, meta: Meta, *, deps: CampaignDeps) -> Joined:
    """A new attempt after a sent one, when the campaign's rules allow it (docs/domain.md §7)."""
    entry, campaign, loaded, attempt = owned(deps, command.user_id, command.participation_id)
    if attempt["participation_id"] != rules.current_attempt(loaded.state)["participation_id"]:
        raise RetryNotAllowed()  # an older attempt: the newer one is where to go on
    refusal = rules.retry_refusal(campaign, attempt, deps.clock())
    if refusal is not None:
        raise refusal
    participation_id = _start(deps, campaign, command.user_id, loaded, attempt, entry.student_number, meta)
    return Joined(participation_id, campaign["campaign_id"], campaign["kind"], True)


def share_through_campaign(command: ShareThroughCampaign, meta: Meta, *, deps: CampaignDeps) -> ParticipationShared:
    """The profile goes to that profile collection, as a participation joined (or resumed)
    and sent at once. The code must be a profile collection of the organization the person
    is sharing with; anything else is answered as an unknown code."""
    user_id, campaign_code, student_number = command.user_id, command.campaign_code, command.student_number
    campaign = deps.book.by_code(rules.normalize_campaign_code(campaign_code))
    if campaign is None or campaign["organization_id"] != command.organization_id or campaign["kind"] == ASSESSMENT:
        raise CampaignCodeUnknown()
    joined = join_campaign(JoinCampaign(user_id, campaign["code"], student_number), meta, deps=deps)
    try:
        return share_participation(ShareParticipation(user_id, joined.participation_id), meta, deps=deps)
    except AlreadyShared:  # sent before, and the campaign takes more: a new snapshot
        again = retry_participation(RetryParticipation(user_id, joined.participation_id), meta, deps=deps)
        return share_participation(ShareParticipation(user_id, again.participation_id), meta, deps=deps)
