"""The centers' vault: what events must not carry (docs/adr/0016), every document read and
written by `_id` only (the local store scans on any other filter, docs/adr/0004).

`accreditation_contacts`, `_id` = request id: the request's contact (name, e-mail, phone,
message) and the language of the form, written before AccreditationRequested; and the
decision, set once by a compare-and-set (`decision` None → ACCREDITED or DECLINED, with the
center id or the reason), so that of two platform admins deciding at once, one wins.

`center_invitations`, two kinds of document:
- `_id` = invitation id: the invited address, the hash of the link's token, the role, the
  expiry and whether the link was used (pending → accepted, one conditional update that also
  drops the address); `request_id` on the first admin's invitation, the one the accreditation
  sends to the request's contact;
- `_id` = "person:<user id>": the invitations that person opened, registered before the
  link is spent, so that an erasure finds them without a scan.

Command side: written by the web handlers, read by the mailer and the queries; not a read
model, a replay does not rebuild it. An erasure (UserAnonymized, the "centers" loop) forgets
who used the person's links, and the contact of a request whose first invitation they took:
the contact was that person.
"""
from __future__ import annotations

from pixkit.upserts import upsert_one

REQUESTS = "accreditation_contacts"
INVITATIONS = "center_invitations"
PENDING, ACCEPTED = "pending", "accepted"
CONTACT_FIELDS = ("contact_name", "contact_email", "phone", "message")


def _person_id(user_id: str) -> str:
    return f"person:{user_id}"


class CenterVault:
    def __init__(self, db) -> None:
        self.requests = db[REQUESTS]
        self.invitations = db[INVITATIONS]

    # ---- the requests' contacts ----

    def create_request(self, request_id: str, *, contact_name: str, contact_email: str, phone: str, message: str,
                       locale: str, requested_at: str) -> None:
        self.requests.insert_one({"_id": request_id, "contact_name": contact_name, "contact_email": contact_email,
                                  "phone": phone, "message": message, "locale": locale,
                                  "requested_at": requested_at, "decision": None, "center_id": None,
                                  "reason": None, "decided_by": None, "decided_at": None})

    def request(self, request_id: str) -> dict | None:
        return self.requests.find_one({"_id": request_id})

    def decide(self, request_id: str, decision: str, *, by: str, at: str, center_id: str | None = None,
               reason: str | None = None) -> bool:
        """Compare-and-set undecided → `decision`: True for the one caller that set it."""
        return self.requests.update_one(
            {"_id": request_id, "decision": None},
            {"$set": {"decision": decision, "center_id": center_id, "reason": reason, "decided_by": by,
                      "decided_at": at}}).modified_count == 1

    # ---- the invitations ----

    def create_invitation(self, invitation_id: str, *, center_id: str, email: str, role: str, token_hash: str,
                          expires_at: str, invited_by: str | None, invited_at: str, locale: str,
                          request_id: str | None = None) -> None:
        self.invitations.insert_one({"_id": invitation_id, "center_id": center_id, "email": email, "role": role,
                                     "token_hash": token_hash, "status": PENDING, "expires_at": expires_at,
                                     "invited_by": invited_by, "invited_at": invited_at, "locale": locale,
                                     "request_id": request_id, "accepted_by": None, "accepted_at": None})

    def invitation(self, invitation_id: str) -> dict | None:
        doc = self.invitations.find_one({"_id": invitation_id})
        return None if doc is None or "token_hash" not in doc else doc  # a person's index is no invitation

    def accept(self, invitation_id: str, user_id: str, at: str) -> bool:
        """Compare-and-set pending → accepted: of two uses of one link, one wins. The person's
        index names the invitation first, so that an erasure after this finds it."""
        upsert_one(self.invitations, {"_id": _person_id(user_id)}, {"$set": {f"invitations.{invitation_id}": True}})
        return self.invitations.update_one({"_id": invitation_id, "status": PENDING},
                                           {"$set": {"status": ACCEPTED, "accepted_by": user_id,
                                                     "accepted_at": at, "email": None}}).modified_count == 1

    def erase_person(self, user_id: str) -> None:
        """Idempotent: a redelivered UserAnonymized finds nothing left to forget."""
        index = self.invitations.find_one({"_id": _person_id(user_id)}) or {}
        for invitation_id in sorted(index.get("invitations") or {}):
            invitation = self.invitations.find_one({"_id": invitation_id})
            if invitation is None or invitation.get("accepted_by") != user_id:
                continue  # opened, but someone else's link won
            self.invitations.update_one({"_id": invitation_id}, {"$set": {"accepted_by": None}})
            if invitation.get("request_id"):
                self.requests.update_one({"_id": invitation["request_id"]},
                                         {"$set": {**dict.fromkeys(CONTACT_FIELDS), "erased": True}})
        self.invitations.delete_one({"_id": _person_id(user_id)})
