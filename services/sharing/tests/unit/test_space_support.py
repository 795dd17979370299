"""What the organization space's tests share (no tests here): sharing's real app on the
strict fake store, with organizations, members and shared profiles written as the
organizations and shares loops write them."""
from __future__ import annotations

import uuid

from pix_sharing.adapters.tables import ChunkedTable
from pix_sharing.bootstrap import bootstrap
from pix_sharing.entrypoints.http import create_app
from pixkit.memberships import memberships_of
from pixkit.testing import Clock, FakeDatabase, TokenMint, unit_settings

CODES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2")
SUPER = "0b7e4c1a-5f3d-4e2a-9c8b-1d6f0a2e3b4c"


def new_id() -> str:
    return str(uuid.uuid4())


class Space:
    def __init__(self) -> None:
        self.clock, self.db = Clock(), FakeDatabase()
        self.mint = TokenMint(self.clock)
        self.service = bootstrap(unit_settings("sharing"), self.db, clock=self.clock, env={})
        self.client = create_app(unit_settings("sharing"), service_container=self.service, ready_checks={},
                                 verifier=self.mint.verifier()).test_client()
        self._position = 0

    def organization(self, name: str, kind: str = "SCO") -> str:
        org_id = new_id()
        self.db["organizations"].insert_one({"_id": org_id, "display_name": name, "type": kind,
                                             "code": "ABCD-2345", "created_at": "2026-09-01T08:00:00.000000Z"})
        return org_id

    def member(self, org_id: str, role: str = "MEMBER", user_id: str | None = None) -> str:
        user_id = user_id or new_id()
        self._position += 1
        memberships_of(self.db).grant("organization", org_id, user_id, role, self._position)
        return user_id

    def share(self, org_id: str, user_id: str, *, last: str, first: str, pix: int = 0, at: str,
              student: str | None = None, campaigns: tuple[str, ...] = (), levels: str | None = None,
              percent: int = 50) -> str:
        """A snapshot, the person's share index and their table row, as the "shares" loop writes them."""
        share_id = new_id()
        digits = levels or "0" * 16
        competences = [{"code": c, "level": int(digits[i]), "pix": pix if i == 0 else 0, "progress": 0}
                       for i, c in enumerate(CODES)]
        certifiable = sum(1 for d in digits if d != "0")
        self.db["shares"].insert_one({
            "_id": share_id, "user_id": user_id, "organization_id": org_id, "campaign_id": None,
            "participation_id": None, "shared_at": at, "total_pix": pix, "profile_percent": percent,
            "certifiable_competences": certifiable, "competences": competences, "profile_updated_at": at,
            "first_name": first, "last_name": last, "student_number": student})
        index = self.db["share_index"].find_one({"_id": user_id}) or {"_id": user_id, "organizations": {}}
        index["organizations"].setdefault(org_id, []).append(share_id)
        self.db["share_index"].docs[user_id] = index
        ChunkedTable(self.db["org_tables"], org_id).put(user_id, {
            "l": last, "f": first, "d": at, "p": pix, "c": percent, "s": student or "", "k": list(campaigns),
            "lv": digits, "px": [c["pix"] for c in competences], "n": certifiable, "sh": share_id})
        return share_id

    def get(self, path: str, user_id: str | None, roles=(), **query):
        headers = {} if user_id is None else self.mint.headers(user_id, roles)
        return self.client.get(path, query_string=query or None, headers=headers)

    def as_super(self, path: str, **query):
        return self.get(path, SUPER, ("SUPER_ADMIN",), **query)
