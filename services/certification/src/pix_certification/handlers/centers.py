"""Accreditation requests and certification centers' members (docs/domain.md §6, docs/adr/0016):
the pure rules of `domain.centers` decide, the event store keeps the streams, and what events
must not carry (the request's contact, the invited addresses) goes into the vault first.

Streams: `center-request-<id>` holds AccreditationRequested and, when declined,
AccreditationDeclined; `center-<id>` starts with CenterAccredited and the first admin's
CenterMemberInvited (one commit), then its members' events. A request is decided once: the
vault's compare-and-set (adapters/center_vault.py) lets one platform admin's decision win,
then its event is appended. A crash between the two leaves a decision without its event: the
same decision asked again completes it, the other one is told the request was decided.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from functools import reduce

from pixkit.events import EventCodec, Meta
from pixkit.service_secrets import ServiceSecrets
from pixkit.store import ConcurrencyError, EventStore

from ..adapters.center_vault import ACCEPTED, CenterVault
from ..domain import centers as c

# A conflicting append means another admin acted on the same center at that moment: decide
# again on the new state a few times before answering 409.
ATTEMPTS = 3


def iso_utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _append(store: EventStore, codec: EventCodec, stream: str, key: str, version: int, state: dict | None,
            events: list, evolve, meta: Meta | None) -> dict | None:
    pending = [codec.encode(event) for event in events]
    state = reduce(evolve, pending, state)  # a PendingEvent has the type and data evolve reads
    store.append(stream, version, pending, key=key, state=state, meta=meta)
    return state


def decide(store: EventStore, codec: EventCodec, center_id: str, rule: Callable[[dict], list],
           meta: Meta | None) -> dict:
    """Loads the center, asks `rule` for its events, appends them at that version."""
    stream = c.center_stream(center_id)
    for attempt in range(ATTEMPTS):
        loaded = store.load(stream, c.evolve)
        if loaded.state is None:
            raise c.CenterNotFound()
        events = rule(loaded.state)
        if not events:
            return loaded.state
        try:
            return _append(store, codec, stream, center_id, loaded.version, loaded.state, events, c.evolve, meta)
        except ConcurrencyError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


class CenterHandlers:
    """The command side's collaborators, bound once in bootstrap."""

    def __init__(self, *, store: EventStore, codec: EventCodec, vault: CenterVault, secrets: ServiceSecrets,
                 clock: Callable[[], datetime], new_id: Callable[[], str]) -> None:
        self.store, self.codec, self.vault = store, codec, vault
        self.secrets, self.clock, self.new_id = secrets, clock, new_id

    # ---- the request and its decision ----

    def request(self, command: c.RequestAccreditation, meta: Meta | None = None) -> dict:
        """Public: validated (every bad field at once), the contact vaulted, then the event."""
        valid = c.validate_request(command)
        request_id, at = self.new_id(), iso_utc(self.clock())
        requested = c.request_accreditation(valid, request_id, at)
        self.vault.create_request(request_id, contact_name=valid.contact_name,
                                  contact_email=normalize_email(valid.contact_email), phone=valid.phone,
                                  message=valid.message, locale=valid.locale, requested_at=at)
        _append(self.store, self.codec, c.request_stream(request_id), request_id, 0, None, [requested],
                c.evolve_request, meta)
        return {"id": request_id}

    def _request(self, request_id: str):
        loaded = self.store.load(c.request_stream(request_id), c.evolve_request)
        contact = self.vault.request(request_id) if loaded.state is not None else None
        if contact is None:
            raise c.RequestNotFound()
        return loaded, contact

    def accredit(self, command: c.Accredit, meta: Meta | None = None) -> dict:
        """The center and its first admin's invitation, at the request's contact e-mail."""
        now = self.clock()
        at = iso_utc(now)
        loaded, contact = self._request(command.request_id)
        accredited = c.accredit(loaded.state, self.new_id(), command.accredited_by, at)  # still pending?
        if not self.vault.decide(command.request_id, c.ACCREDITED, by=command.accredited_by, at=at,
                                 center_id=accredited.center_id):
            contact = self.vault.request(command.request_id) or {}
            landed = contact.get("center_id") and self.store.load(c.center_stream(contact["center_id"])).version
            if contact.get("decision") != c.ACCREDITED or landed:
                raise c.RequestAlreadyDecided(status=contact.get("decision"))
            accredited = dataclasses.replace(accredited, center_id=contact["center_id"])  # completes it
        center_id, invitation_id = accredited.center_id, self.new_id()
        center = c.evolve(None, self.codec.encode(accredited))
        expires_at = self._vault_invitation(invitation_id, center_id, contact["contact_email"], c.ADMIN, None, now,
                                            contact.get("locale") or "fr", request_id=command.request_id)
        invited = c.invite(center, invitation_id, c.ADMIN, None, at, expires_at)
        try:
            _append(self.store, self.codec, c.center_stream(center_id), center_id, 0, None, [accredited, invited],
                    c.evolve, meta)
        except ConcurrencyError:
            raise c.RequestAlreadyDecided(status=c.ACCREDITED) from None
        return {"center_id": center_id}

    def decline(self, command: c.Decline, meta: Meta | None = None) -> dict:
        at = iso_utc(self.clock())
        loaded, _ = self._request(command.request_id)
        declined = c.decline(loaded.state, command.reason, command.declined_by, at)  # pending, with a reason?
        if not self.vault.decide(command.request_id, c.DECLINED, by=command.declined_by, at=at,
                                 reason=declined.reason):
            contact = self.vault.request(command.request_id) or {}
            if contact.get("decision") != c.DECLINED:
                raise c.RequestAlreadyDecided(status=contact.get("decision"))
            declined = dataclasses.replace(declined, reason=contact["reason"])  # completes the first one
        try:
            _append(self.store, self.codec, c.request_stream(command.request_id), command.request_id,
                    loaded.version, loaded.state, [declined], c.evolve_request, meta)
        except ConcurrencyError:
            raise c.RequestAlreadyDecided(status=c.DECLINED) from None
        return {"request_id": command.request_id, "status": c.DECLINED}

    # ---- members ----

    def _vault_invitation(self, invitation_id: str, center_id: str, email: str, role: str, by: str | None,
                          now: datetime, locale: str, request_id: str | None = None) -> str:
        """Writes the invitation's address before the event that names it; returns its expiry."""
        expires_at = iso_utc(now + c.INVITATION_TTL)
        token = c.link_token(self.secrets.get(c.INVITATION_KEY), invitation_id)
        self.vault.create_invitation(invitation_id, center_id=center_id, email=normalize_email(email), role=role,
                                     token_hash=c.token_hash(token), expires_at=expires_at, invited_by=by,
                                     invited_at=iso_utc(now), locale=locale, request_id=request_id)
        return expires_at

    def invite(self, command: c.InviteCenterMember, meta: Meta | None = None) -> dict:
        now, invitation_id = self.clock(), self.new_id()
        at, expires_at = iso_utc(now), iso_utc(now + c.INVITATION_TTL)
        state = self.store.load(c.center_stream(command.center_id), c.evolve).state
        if state is None:
            raise c.CenterNotFound()
        c.invite(state, invitation_id, command.role, command.invited_by, at, expires_at)  # before the address
        expires_at = self._vault_invitation(invitation_id, command.center_id, command.email, command.role,
                                            command.invited_by, now, command.locale)
        decide(self.store, self.codec, command.center_id,
               lambda s: [c.invite(s, invitation_id, command.role, command.invited_by, at, expires_at)], meta)
        return {"id": invitation_id}

    def join(self, command: c.JoinCenter, meta: Meta | None = None) -> dict:
        """Spends the link (pending → accepted, one conditional update, which also drops the
        address), then appends CenterMemberJoined. A crash between the two leaves a spent
        link without membership: the same person opening the same link again completes it,
        anyone else is told it was used."""
        now = self.clock()
        at = iso_utc(now)
        invitation = self.vault.invitation(command.invitation_id)
        if invitation is None or not c.token_matches(command.token, invitation.get("token_hash")):
            raise c.CenterInvitationNotFound()
        state = self.store.load(c.center_stream(invitation["center_id"]), c.evolve).state
        if state is None or command.invitation_id not in state["invitations"]:
            raise c.CenterInvitationNotFound()  # vaulted by an invite whose event never landed
        if invitation["status"] != ACCEPTED:
            if invitation["expires_at"] <= at:
                raise c.CenterInvitationExpired()
            if not self.vault.accept(command.invitation_id, command.user_id, at):
                invitation = self.vault.invitation(command.invitation_id) or {}
        if invitation.get("status") == ACCEPTED and invitation.get("accepted_by") != command.user_id:
            raise c.CenterInvitationUsed()
        center_id = invitation["center_id"]
        decide(self.store, self.codec, center_id,
               lambda s: [e] if (e := c.join(s, command.invitation_id, command.user_id, at)) else [], meta)
        return {"center_id": center_id}

    def change_role(self, command: c.ChangeCenterMemberRole, meta: Meta | None = None) -> None:
        at = iso_utc(self.clock())
        decide(self.store, self.codec, command.center_id,
               lambda s: [e] if (e := c.change_role(s, command.user_id, command.role, command.changed_by, at))
               else [], meta)

    def remove(self, command: c.RemoveCenterMember, meta: Meta | None = None) -> None:
        at = iso_utc(self.clock())
        decide(self.store, self.codec, command.center_id,
               lambda s: [c.remove(s, command.user_id, command.removed_by, at)], meta)

    def bindings(self) -> dict:
        return {c.RequestAccreditation: self.request, c.Accredit: self.accredit, c.Decline: self.decline,
                c.InviteCenterMember: self.invite, c.JoinCenter: self.join,
                c.ChangeCenterMemberRole: self.change_role, c.RemoveCenterMember: self.remove}
