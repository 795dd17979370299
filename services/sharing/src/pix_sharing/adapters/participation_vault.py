"""The participation vault: who a participation belongs to, and their names as they stood
when they joined, kept out of the events (docs/architecture.md §5).

`participation_vault` `{_id: <participation id>, campaign_id, user_id, first_name,
last_name, student_number}`. The web handler inserts the entry before it appends
CampaignParticipationStarted, so that the projection finds the names by the event's
participation id and a participant's own requests find their campaign at once. Never
updated; the campaigns projection deletes a person's entries on UserAnonymized, those no
event names included (adapters/vault_people.py). A
command-side collection: a replay does not rebuild it.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import vault_people

COLLECTION = "participation_vault"


@dataclass(frozen=True)
class Participant:
    participation_id: str
    campaign_id: str
    user_id: str
    first_name: str
    last_name: str
    student_number: str | None


class ParticipationVault:
    def __init__(self, collection) -> None:
        self.collection = collection

    def put(self, entry: Participant) -> None:
        vault_people.remember(self.collection, entry.user_id, entry.participation_id)
        self.collection.insert_one({"_id": entry.participation_id, "campaign_id": entry.campaign_id,
                                    "user_id": entry.user_id, "first_name": entry.first_name,
                                    "last_name": entry.last_name, "student_number": entry.student_number})

    def get(self, participation_id: str) -> Participant | None:
        doc = self.collection.find_one({"_id": participation_id})
        if doc is None:
            return None
        return Participant(doc["_id"], doc["campaign_id"], doc["user_id"], doc.get("first_name") or "",
                           doc.get("last_name") or "", doc.get("student_number"))

    def forget_person(self, user_id: str) -> None:
        vault_people.forget_person(self.collection, user_id)

    def forget(self, participation_ids) -> None:
        ids = sorted(set(participation_ids))
        if ids:
            for entry_id in ids:  # one by one: an `_id` $in scans on the local store
                self.collection.delete_one({"_id": entry_id})
