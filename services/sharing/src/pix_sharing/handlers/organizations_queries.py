"""What the organizations API reads: every lookup is one `find_one` by `_id` (the local
store scans on any other filter, docs/adr/0004). Authorization is the entrypoint's: these
answer for an organization the caller was already found to belong to (or a platform admin)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pixkit.memberships import Memberships
from pixkit.store import EventStore

from ..adapters.invitations import ACCEPTED, InvitationVault
from ..domain import organizations as org
from ..projections.organizations import DIRECTORY, code_doc_id
from .organizations import iso_utc

SCOPE = "organization"


class OrganizationQueries:
    def __init__(self, *, organizations, people, memberships: Memberships, vault: InvitationVault,
                 store: EventStore, clock: Callable[[], datetime]) -> None:
        self.organizations, self.people, self.memberships = organizations, people, memberships
        self.vault, self.store, self.clock = vault, store, clock

    @staticmethod
    def _summary(organization_id: str, doc: dict) -> dict:
        return {"id": organization_id, "display_name": doc["display_name"], "type": doc["type"],
                "code": doc["code"], "created_at": doc["created_at"]}

    def _organization(self, organization_id: str) -> dict:
        doc = self.organizations.find_one({"_id": organization_id})
        if doc is None or "display_name" not in doc:
            raise org.OrganizationNotFound()
        return doc

    def directory(self, query: org.ListOrganizations, meta=None) -> dict:
        entries = (self.organizations.find_one({"_id": DIRECTORY}) or {}).get("organizations") or {}
        rows = [self._summary(oid, entry) for oid, entry in entries.items()]
        return {"organizations": sorted(rows, key=lambda r: (r["display_name"].casefold(), r["id"]))}

    def mine(self, query: org.MyOrganizations, meta=None) -> dict:
        """The person's index lists every organization they were ever granted a role in; the
        member document says whether they still are."""
        index = self.memberships.collection.find_one({"_id": query.user_id}) or {}
        rows = []
        for place in sorted(index.get("memberships") or {}):
            scope, _, organization_id = place.partition(":")
            role = self.memberships.role_of(scope, organization_id, query.user_id) if scope == SCOPE else None
            doc = self.organizations.find_one({"_id": organization_id}) if role else None
            if doc is not None and "display_name" in doc:
                rows.append({**self._summary(organization_id, doc), "role": role})
        return {"organizations": sorted(rows, key=lambda r: (r["display_name"].casefold(), r["id"]))}

    def by_code(self, query: org.OrganizationByCode, meta=None) -> dict:
        code = org.normalize_organization_code(query.code)
        if code is None:
            raise org.OrganizationCodeEmpty()
        pointer = self.organizations.find_one({"_id": code_doc_id(code)})
        doc = self.organizations.find_one({"_id": pointer["organization_id"]}) if pointer else None
        if doc is None or "display_name" not in doc:
            raise org.OrganizationCodeUnknown()
        return {"id": pointer["organization_id"], "display_name": doc["display_name"], "type": doc["type"]}

    def read(self, query: org.ReadOrganization, meta=None) -> dict:
        return {**self._summary(query.organization_id, self._organization(query.organization_id)),
                "role": query.role}

    def members(self, query: org.ReadMembers, meta=None) -> dict:
        doc = self._organization(query.organization_id)
        members = []
        for user_id, role in self.memberships.members_of(SCOPE, query.organization_id).items():
            person = self.people.find_one({"_id": user_id}) or {}
            members.append({"user_id": user_id, "first_name": person.get("first_name"),
                            "last_name": person.get("last_name"), "role": role})
        members.sort(key=lambda m: ((m["last_name"] or "").casefold(), (m["first_name"] or "").casefold(),
                                    m["user_id"]))
        answer: dict = {"members": members}
        if query.with_invitations:
            answer["invitations"] = self._pending_invitations(doc)
        return answer

    def _pending_invitations(self, doc: dict) -> list[dict]:
        now, rows = iso_utc(self.clock()), []
        for invitation_id, entry in sorted((doc.get("invitations") or {}).items()):
            if entry.get("accepted") or "expires_at" not in entry or entry["expires_at"] <= now:
                continue
            vaulted = self.vault.get(invitation_id)
            if vaulted is None or vaulted.get("status") == ACCEPTED or not vaulted.get("email"):
                continue  # accepted but not yet projected, or vaulted by a write that failed
            rows.append({"id": invitation_id, "email": vaulted["email"], "role": entry["role"],
                         "expires_at": entry["expires_at"]})
        return sorted(rows, key=lambda r: (r["expires_at"], r["id"]))

    def invitation(self, query: org.ReadInvitation, meta=None) -> dict:
        """What the link's page shows before accepting; the organization from its own
        stream, so that a link opened right after its mail needs no projection to catch up."""
        vaulted = self.vault.get(query.invitation_id)
        if vaulted is None or not org.token_matches(query.token, vaulted.get("token_hash")):
            raise org.InvitationNotFound()
        if vaulted["status"] == ACCEPTED:
            raise org.InvitationUsed()
        if vaulted["expires_at"] <= iso_utc(self.clock()):
            raise org.InvitationExpired()
        state = self.store.load(org.organization_stream(vaulted["organization_id"]), org.evolve).state
        if state is None or query.invitation_id not in state["invitations"]:
            raise org.InvitationNotFound()  # vaulted, but its event never landed
        return {"organization_id": vaulted["organization_id"], "display_name": state["display_name"],
                "role": vaulted["role"]}

    def bindings(self) -> dict:
        return {org.ListOrganizations: self.directory, org.MyOrganizations: self.mine,
                org.OrganizationByCode: self.by_code, org.ReadOrganization: self.read,
                org.ReadMembers: self.members, org.ReadInvitation: self.invitation}
