"""Creating organizations, inviting members, accepting invitations, changing roles and
removing members (docs/domain.md §7). The aggregate (stream `organization-<id>`) decides;
what events must not carry (the invited address) goes into the invitations vault first."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import reduce

from pixkit.events import EventCodec, Meta
from pixkit.service_secrets import ServiceSecrets
from pixkit.store import ConcurrencyError, EventStore

from ..adapters.invitations import ACCEPTED, InvitationVault
from ..adapters.organization_codes import reserve_organization_code
from ..domain import organizations as org
from ..domain.events import MemberInvited, OrganizationCreated

# A conflicting append means another admin acted on the same organization at that moment:
# decide again on the new state a few times before answering 409.
ATTEMPTS = 3


def iso_utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _normalize_email(email: str) -> str:
    return email.strip().lower()


def _append(store: EventStore, codec: EventCodec, organization_id: str, version: int, state: dict | None,
            events: list, meta: Meta) -> dict | None:
    pending = [codec.encode(event) for event in events]
    state = reduce(org.evolve, pending, state)  # a PendingEvent has the type and data evolve reads
    store.append(org.organization_stream(organization_id), version, pending, key=organization_id,
                 state=state, meta=meta)
    return state


def decide(store: EventStore, codec: EventCodec, organization_id: str, rule: Callable[[dict], list],
           meta: Meta) -> dict:
    """Loads the organization, asks `rule` for its events, appends them at that version."""
    stream = org.organization_stream(organization_id)
    for attempt in range(ATTEMPTS):
        loaded = store.load(stream, org.evolve)
        if loaded.state is None:
            raise org.OrganizationNotFound()
        events = rule(loaded.state)
        if not events:
            return loaded.state
        try:
            return _append(store, codec, organization_id, loaded.version, loaded.state, events, meta)
        except ConcurrencyError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


class OrganizationHandlers:
    """The command side's collaborators, bound once in bootstrap."""

    def __init__(self, *, db, store: EventStore, codec: EventCodec, vault: InvitationVault,
                 secrets: ServiceSecrets, clock: Callable[[], datetime], new_id: Callable[[], str]) -> None:
        self.db, self.store, self.codec, self.vault = db, store, codec, vault
        self.secrets, self.clock, self.new_id = secrets, clock, new_id

    def _vault_invitation(self, invitation_id: str, organization_id: str, email: str, role: str, by: str,
                          now: datetime, locale: str) -> str:
        """Writes the invitation's address before the event that names it; returns its expiry."""
        expires_at = iso_utc(now + org.INVITATION_TTL)
        token = org.link_token(self.secrets.get(org.INVITATION_KEY), invitation_id)
        self.vault.create(invitation_id, organization_id=organization_id, email=_normalize_email(email), role=role,
                          token_hash=org.token_hash(token), expires_at=expires_at, invited_by=by,
                          invited_at=iso_utc(now), locale=locale)
        return expires_at

    def create(self, command: org.CreateOrganization, meta: Meta) -> dict:
        """The code is reserved first (a crash after it only wastes a code), then the admin's
        invitation is vaulted, then both events land in one commit."""
        now, organization_id, invitation_id = self.clock(), self.new_id(), self.new_id()
        code = reserve_organization_code(self.db, organization_id)
        expires_at = self._vault_invitation(invitation_id, organization_id, command.admin_email, org.ADMIN,
                                            command.created_by, now, command.locale)
        at = iso_utc(now)
        created = OrganizationCreated(organization_id=organization_id, display_name=command.display_name,
                                      type=command.type, code=code, created_by=command.created_by, created_at=at)
        invited = MemberInvited(organization_id=organization_id, invitation_id=invitation_id, role=org.ADMIN,
                                invited_by=command.created_by, invited_at=at, expires_at=expires_at)
        _append(self.store, self.codec, organization_id, 0, None, [created, invited], meta)
        return {"id": organization_id, "display_name": command.display_name, "type": command.type, "code": code}

    def invite(self, command: org.InviteMember, meta: Meta) -> dict:
        now, invitation_id = self.clock(), self.new_id()
        state = self.store.load(org.organization_stream(command.organization_id), org.evolve).state
        if state is None:
            raise org.OrganizationNotFound()
        org.require_admin(state, command.invited_by)  # checked before the address is written
        expires_at = self._vault_invitation(invitation_id, command.organization_id, command.email, command.role,
                                            command.invited_by, now, command.locale)
        decide(self.store, self.codec, command.organization_id,
               lambda s: [org.invite(s, invitation_id, command.role, command.invited_by, iso_utc(now), expires_at)],
               meta)
        return {"id": invitation_id}

    def accept(self, command: org.AcceptInvitation, meta: Meta) -> dict:
        """Spends the link (pending → accepted, one conditional update, which also drops the
        address: nobody needs it any more), then appends MemberJoined. A crash between the
        two leaves a spent link without membership: the same person opening the same link
        again completes it, anyone else is told it was used."""
        now = self.clock()
        invitation = self.vault.get(command.invitation_id)
        if invitation is None or not org.token_matches(command.token, invitation.get("token_hash")):
            raise org.InvitationNotFound()
        state = self.store.load(org.organization_stream(invitation["organization_id"]), org.evolve).state
        if state is None or command.invitation_id not in state["invitations"]:
            raise org.InvitationNotFound()  # vaulted by an invite whose event never landed
        if invitation["status"] != ACCEPTED:
            if invitation["expires_at"] <= iso_utc(now):
                raise org.InvitationExpired()
            if not self.vault.accept(command.invitation_id, command.user_id, iso_utc(now)):
                invitation = self.vault.get(command.invitation_id) or {}
        if invitation.get("status") == ACCEPTED and invitation.get("accepted_by") != command.user_id:
            raise org.InvitationUsed()
        organization_id = invitation["organization_id"]
        decide(self.store, self.codec, organization_id,
               lambda s: [e] if (e := org.join(s, command.invitation_id, command.user_id, iso_utc(now))) else [],
               meta)
        return {"organization_id": organization_id}

    def change_role(self, command: org.ChangeMemberRole, meta: Meta) -> None:
        at = iso_utc(self.clock())
        decide(self.store, self.codec, command.organization_id,
               lambda s: [e] if (e := org.change_role(s, command.user_id, command.role, command.changed_by, at))
               else [], meta)

    def remove(self, command: org.RemoveMember, meta: Meta) -> None:
        at = iso_utc(self.clock())
        decide(self.store, self.codec, command.organization_id,
               lambda s: [org.remove(s, command.user_id, command.removed_by, at)], meta)

    def bindings(self) -> dict:
        return {org.CreateOrganization: self.create, org.InviteMember: self.invite,
                org.AcceptInvitation: self.accept, org.ChangeMemberRole: self.change_role,
                org.RemoveMember: self.remove}
