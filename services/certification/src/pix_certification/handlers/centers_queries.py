"""What the centers API reads: every lookup is one `find_one` by `_id` (the local store scans
on any other filter, docs/adr/0004). Authorization is the entrypoint's: these answer for a
center the caller was already found to belong to (or a platform admin, CERTIF).

Members are listed by user id and role: certification keeps no copy of people's names yet
(the people topic's copy comes with the sessions' lists, docs/adr/0016's consequences)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pixkit.memberships import Memberships
from pixkit.store import EventStore

from ..adapters.center_vault import ACCEPTED, CenterVault
from ..domain import centers as c
from ..projections.centers import PENDING_REQUESTS, SCOPE
from .centers import iso_utc


@dataclass(frozen=True)
class ListAccreditationRequests:
    """The pending requests, with their contact (CERTIF)."""


@dataclass(frozen=True)
class ReadCenter:
    center_id: str
    role: str | None  # the caller's; None for a platform admin who is no member
    with_invitations: bool = False


@dataclass(frozen=True)
class MyCenters:
    user_id: str


@dataclass(frozen=True)
class ReadCenterInvitation:
    invitation_id: str
    token: str


class CenterQueries:
    def __init__(self, *, centers, memberships: Memberships, vault: CenterVault, store: EventStore,
                 clock: Callable[[], datetime]) -> None:
        self.centers, self.memberships, self.vault = centers, memberships, vault
        self.store, self.clock = store, clock

    def pending_requests(self, query: ListAccreditationRequests, meta=None) -> dict:
        entries = (self.centers.find_one({"_id": PENDING_REQUESTS}) or {}).get("requests") or {}
        rows = []
        for request_id, entry in entries.items():
            contact = self.vault.request(request_id) or {}
            if contact.get("decision"):
                continue  # decided: its event is on its way to the projection
            rows.append({"id": request_id, "institution_name": entry["institution_name"],
                         "institution_type": entry["institution_type"], "address": entry["address"],
                         "requested_at": entry["requested_at"], "contact_name": contact.get("contact_name"),
                         "contact_email": contact.get("contact_email"), "phone": contact.get("phone") or None,
                         "message": contact.get("message")})
        return {"requests": sorted(rows, key=lambda r: (r["requested_at"], r["id"]))}

    def _center(self, center_id: str) -> dict:
        doc = self.centers.find_one({"_id": center_id})
        if doc is None or "name" not in doc:
            raise c.CenterNotFound()
        return doc

    @staticmethod
    def _summary(center_id: str, doc: dict) -> dict:
        return {"id": center_id, "name": doc["name"], "type": doc["type"], "address": doc["address"]}

    def read(self, query: ReadCenter, meta=None) -> dict:
        doc = self._center(query.center_id)
        members = [{"user_id": user_id, "role": role}
                   for user_id, role in self.memberships.members_of(SCOPE, query.center_id).items()]
        answer = {**self._summary(query.center_id, doc), "role": query.role,
                  "members": sorted(members, key=lambda m: (m["role"] != c.ADMIN, m["user_id"]))}
        if query.with_invitations:
            answer["invitations"] = self._pending_invitations(doc)
        return answer

    def _pending_invitations(self, doc: dict) -> list[dict]:
        now, rows = iso_utc(self.clock()), []
        for invitation_id, entry in sorted((doc.get("invitations") or {}).items()):
            if entry.get("accepted") or "expires_at" not in entry or entry["expires_at"] <= now:
                continue
            vaulted = self.vault.invitation(invitation_id)
            if vaulted is None or vaulted.get("status") == ACCEPTED or not vaulted.get("email"):
                continue  # accepted but not yet projected, or vaulted by a write that failed
            rows.append({"id": invitation_id, "email": vaulted["email"], "role": entry["role"],
                         "expires_at": entry["expires_at"]})
        return sorted(rows, key=lambda r: (r["expires_at"], r["id"]))

    def mine(self, query: MyCenters, meta=None) -> dict:
        """The person's index lists every scope they were ever granted a role in; the member
        document says whether they still are."""
        index = self.memberships.collection.find_one({"_id": query.user_id}) or {}
        rows = []
        for place in sorted(index.get("memberships") or {}):
            scope, _, center_id = place.partition(":")
            role = self.memberships.role_of(scope, center_id, query.user_id) if scope == SCOPE else None
            doc = self.centers.find_one({"_id": center_id}) if role else None
            if doc is not None and "name" in doc:
                rows.append({**self._summary(center_id, doc), "role": role})
        return {"centers": sorted(rows, key=lambda r: (r["name"].casefold(), r["id"]))}

    def invitation(self, query: ReadCenterInvitation, meta=None) -> dict:
        """What the link's page shows before accepting; the center from its own stream, so
        that a link opened right after its mail needs no projection to catch up."""
        vaulted = self.vault.invitation(query.invitation_id)
        if vaulted is None or not c.token_matches(query.token, vaulted.get("token_hash")):
            raise c.CenterInvitationNotFound()
        if vaulted["status"] == ACCEPTED:
            raise c.CenterInvitationUsed()
        if vaulted["expires_at"] <= iso_utc(self.clock()):
            raise c.CenterInvitationExpired()
        state = self.store.load(c.center_stream(vaulted["center_id"]), c.evolve).state
        if state is None or query.invitation_id not in state["invitations"]:
            raise c.CenterInvitationNotFound()  # vaulted, but its event never landed
        return {"center_id": vaulted["center_id"], "name": state["name"], "role": vaulted["role"]}

    def bindings(self) -> dict:
        return {ListAccreditationRequests: self.pending_requests, ReadCenter: self.read, MyCenters: self.mine,
                ReadCenterInvitation: self.invitation}
