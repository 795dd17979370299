"""The invitations vault (`invitations`, `_id` = invitation id): the invited address, which
never travels in an event, the hash of the link's token and whether the link was used.
Command side: written by the web handlers (insert, then one conditional update), read by the
mailer and the queries; not a read model, a replay does not rebuild it. Accepting drops the
address: a used invitation holds ids and dates only, so an erasure has nothing to find here
(a pending one names an address, not a person's account)."""
from __future__ import annotations

COLLECTION = "invitations"
PENDING, ACCEPTED = "pending", "accepted"


class InvitationVault:
    def __init__(self, db) -> None:
        self.collection = db[COLLECTION]

    def create(self, invitation_id: str, *, organization_id: str, email: str, role: str, token_hash: str,
               expires_at: str, invited_by: str, invited_at: str, locale: str) -> None:
        self.collection.insert_one({"_id": invitation_id, "organization_id": organization_id, "email": email,
                                    "role": role, "token_hash": token_hash, "status": PENDING,
                                    "expires_at": expires_at, "invited_by": invited_by, "invited_at": invited_at,
                                    "locale": locale, "accepted_by": None, "accepted_at": None})

    def get(self, invitation_id: str) -> dict | None:
        return self.collection.find_one({"_id": invitation_id})

    def accept(self, invitation_id: str, user_id: str, at: str) -> bool:
        """Compare-and-set pending → accepted: of two uses of one link, one wins."""
        return self.collection.update_one({"_id": invitation_id, "status": PENDING},
                                          {"$set": {"status": ACCEPTED, "accepted_by": user_id,
                                                    "accepted_at": at, "email": None}}).modified_count == 1
