""""Envoyer": a person sends a copy of their profile to an organization (docs/domain.md §1, §7).

The names (and the student number) go into the share vault first, then ProfileShared is
appended to `shares-<user id>`: the projection finds the vault entry by the event's share
id, and the event itself carries ids and figures only (docs/architecture.md §5). A share
whose append is refused is taken out of the vault again, so that no entry outlives a share
that never happened.

With a campaign code, the share goes through that campaign instead (a participation joined
and sent at once, handlers/campaigns.py): `through_campaign` runs the campaigns feature's
ShareThroughCampaign, which answers CAMPAIGN_CODE_UNKNOWN unless the code is a profile
collection of the same organization.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from pixkit.events import EventCodec, Meta
from pixkit.store import ConcurrencyError, EventStore

from ..adapters.share_vault import SharedIdentity, ShareVault
from ..domain.campaigns import ShareThroughCampaign
from ..domain.events import ProfileShared
from ..domain.shares import (
    AccountNotReady,
    Shared,
    ShareProfile,
    Snapshot,
    share_stream,
    snapshot_of,
    student_number_for,
)
from .shares_queries import organization_by_code

PERSON_WAIT_S = 5.0  # how long a share waits for sharing's copy of a new account (shared_identity)
APPEND_ATTEMPTS = 3  # two shares of one person at once: each is its own event, so retry
ThroughCampaign = Callable[[ShareThroughCampaign, Meta], object]


def iso_utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def profile_shared(share_id: str, user_id: str, organization_id: str, shared_at: str, snapshot: Snapshot, *,
                   campaign_id: str | None = None, participation_id: str | None = None) -> ProfileShared:
    """The event of one share, direct or through a campaign's participation."""
    return ProfileShared(share_id=share_id, user_id=user_id, organization_id=organization_id,
                         campaign_id=campaign_id, participation_id=participation_id, shared_at=shared_at,
                         total_pix=snapshot.total_pix, profile_percent=snapshot.profile_percent,
                         certifiable_competences=snapshot.certifiable_competences,
                         competences=[dict(c) for c in snapshot.competences],
                         profile_updated_at=snapshot.updated_at)


def shared_identity(people, user_id: str, student_number: str | None, *,
                    sleep: Callable[[float], None] = time.sleep) -> SharedIdentity:
    """The names as sharing's copy of the people topic has them now. Someone who signed up a
    moment ago may not be in the copy yet (it follows a topic): it is read again for a few
    seconds, one `_id` find a tenth of a second, and then the share is refused, to be tried
    again, rather than sent without the names the organization needs."""
    deadline = time.monotonic() + PERSON_WAIT_S
    while (person := people.find_one({"_id": user_id})) is None:
        if time.monotonic() >= deadline:
            raise AccountNotReady()
        sleep(0.1)
    return SharedIdentity(user_id, person.get("first_name") or "", person.get("last_name") or "", student_number)


def share_profile(command: ShareProfile, meta: Meta, *, organizations, profiles, people, vault: ShareVault,
                  store: EventStore, codec: EventCodec, clock: Callable[[], datetime],
                  new_id: Callable[[], str], through_campaign: ThroughCampaign | None = None) -> Shared:
    organization = organization_by_code(organizations, command.organization_code)
    student_number = student_number_for(organization.type, command.student_number)
    if (command.campaign_code or "").strip():
        if through_campaign is None:
            raise RuntimeError("share_profile needs through_campaign bound (bootstrap does it)")
        sent = through_campaign(ShareThroughCampaign(command.user_id, command.campaign_code, organization.id,
                                                     student_number), meta)
        return Shared(sent.share_id, sent.organization_id, sent.shared_at)
    snapshot = snapshot_of(profiles.find_one({"_id": command.user_id}))
    share_id, shared_at = new_id(), iso_utc(clock())
    vault.put(share_id, shared_identity(people, command.user_id, student_number))
    event = codec.encode(profile_shared(share_id, command.user_id, organization.id, shared_at, snapshot))
    stream = share_stream(command.user_id)
    for attempt in range(APPEND_ATTEMPTS):
        try:
            store.append(stream, store.load(stream).version, [event], key=command.user_id, meta=meta)
            break
        except ConcurrencyError:
            if attempt == APPEND_ATTEMPTS - 1:
                vault.forget([share_id])  # refused for sure: nothing was appended
                raise
    return Shared(share_id, organization.id, shared_at)
