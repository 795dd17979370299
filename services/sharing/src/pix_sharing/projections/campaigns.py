"""The campaigns read models, written by the one "campaigns" consumer loop (the local store
loses concurrent updates of one document: pixkit.memberships measured it).

- `campaigns`: `{_id: <campaign id>, organization_id, title, kind, code, target_competences,
  target_tubes, multiple_sendings, created_at}`, `{_id: "code:<CODE>", campaign_id}` and
  `{_id: "org:<org id>", campaigns: {<id>: {title, kind, code, created_at}}}`.
- `participations`: `{_id: <participation id>, campaign_id, user_id, organization_id, kind,
  attempt, status, started_at, completed_at, result, shared_at, share_id, profile}` and the
  person's index `{_id: "user:<user id>", participations: {<campaign id>: <latest id>},
  attempts: {<campaign id>: <its attempt>}, all: {<participation id>: <campaign id>}}`.
- `campaign_tables`: each campaign's participants (adapters/campaign_tables.py), the row of
  a person's latest attempt.

Every write sets what its event says, so a duplicate changes nothing; each event writes its
own fields and the status and the row are derived from what is there, so any order ends
alike (CampaignAssessmentCompleted may come before CampaignParticipationStarted: they are on
two topics). The latest attempt is chosen by attempt number, never by arrival.

Erasure (UserAnonymized): the index is marked erased first, then every participation, vault
entry and table row it lists goes; a later event of that person only removes its own vault
entry. The names come from the participation vault (as they were when the person joined),
or from sharing's people copy for an entry written without them.
"""
from __future__ import annotations

from pix_contracts.framework import COMPETENCE_CODES
from pixkit.events import Envelope
from pixkit.upserts import keep_canonical, upsert_one

from ..adapters.campaign_tables import COLLECTION as TABLES
from ..adapters.participation_vault import ParticipationVault
from ..adapters.tables import ChunkedTable
from ..domain import campaigns as rules

CAMPAIGNS, PARTICIPATIONS = "campaigns", "participations"


def user_index_id(user_id: str) -> str:
    return f"user:{user_id}"


def on_campaign_created(envelope: Envelope, *, campaigns) -> None:
    d = envelope.data
    upsert_one(campaigns, {"_id": d["campaign_id"]}, {"$set": {
        "organization_id": d["organization_id"], "title": d["title"], "kind": d["kind"], "code": d["code"],
        "target_competences": d["target_competences"], "target_tubes": d["target_tubes"],
        "multiple_sendings": d["multiple_sendings"], "created_at": d["created_at"]}})
    upsert_one(campaigns, {"_id": f"code:{d['code']}"}, {"$set": {"campaign_id": d["campaign_id"]}})
    upsert_one(campaigns, {"_id": f"org:{d['organization_id']}"}, {"$set": {f"campaigns.{d['campaign_id']}": {
        "title": d["title"], "kind": d["kind"], "code": d["code"], "created_at": d["created_at"]}}})


def participant_row(doc: dict, names: tuple[str, str, str | None]) -> dict:
    first_name, last_name, student_number = names
    # The organization sees a result only once the participant has sent it.
    sent = bool(doc.get("shared_at"))
    result, profile = (doc.get("result") or {}) if sent else {}, doc.get("profile") or {}
    return {"l": last_name, "f": first_name, "s": student_number or "", "st": doc.get("started_at") or "",
            "t": doc.get("status") or "", "d": doc.get("shared_at") or "", "cp": doc.get("completed_at") or "",
            "m": result.get("mastery_rate"),
            "mc": [dict(c) for c in result.get("competences", [])],
            "p": profile.get("total_pix"), "n": profile.get("certifiable_competences"),
            "lv": profile.get("levels", ""), "px": list(profile.get("pix", [])),
            "a": doc.get("attempt"), "pid": doc["_id"]}


class CampaignsProjection:
    def __init__(self, *, participations, tables, vault: ParticipationVault, people) -> None:
        self.participations, self.tables, self.vault, self.people = participations, tables, vault, people

    def _erased(self, user_id: str) -> bool:
        return bool((self.participations.find_one({"_id": user_index_id(user_id)}) or {}).get("erased"))

    def _register(self, user_id: str, campaign_id: str, participation_id: str, attempt: int | None = None) -> None:
        index = user_index_id(user_id)
        upsert_one(self.participations, {"_id": index}, {"$set": {f"all.{participation_id}": campaign_id}})
        if attempt is None:
            return
        marker = f"attempts.{campaign_id}"
        self.participations.update_one(
            {"_id": index, "$or": [{marker: {"$exists": False}}, {marker: {"$lt": attempt}}]},
            {"$set": {f"participations.{campaign_id}": participation_id, marker: attempt}})

    def _write(self, envelope: Envelope, fields: dict, attempt: int | None = None) -> None:
        d = envelope.data
        user_id, campaign_id, participation_id = d["user_id"], d["campaign_id"], d["participation_id"]
        if self._erased(user_id):
            self.vault.forget([participation_id])  # the web wrote it before the erasure came
            self.vault.forget_person(user_id)
            return
        self._register(user_id, campaign_id, participation_id, attempt)
        upsert_one(self.participations, {"_id": participation_id},
                   {"$set": {"campaign_id": campaign_id, "user_id": user_id, **fields}})
        doc = self.participations.find_one({"_id": participation_id}) or {}
        status = rules.status(doc.get("kind"), "started_at" in doc, "result" in doc, "shared_at" in doc)
        if status is not None and doc.get("status") != status:
            self.participations.update_one({"_id": participation_id}, {"$set": {"status": status}})
        # Fields and index entries arrive from two topics, in any order: a replay must
        # write the same bytes.
        keep_canonical(self.participations, participation_id)
        keep_canonical(self.participations, user_index_id(user_id))
        self._refresh_row(user_id, campaign_id)

    def _names(self, participation_id: str, user_id: str) -> tuple[str, str, str | None]:
        entry = self.vault.get(participation_id)
        if entry is not None and (entry.first_name or entry.last_name):
            return entry.first_name, entry.last_name, entry.student_number
        person = self.people.find_one({"_id": user_id}) or {}
        return (person.get("first_name") or "", person.get("last_name") or "",
                entry.student_number if entry else None)

    def _refresh_row(self, user_id: str, campaign_id: str) -> None:
        index = self.participations.find_one({"_id": user_index_id(user_id)}) or {}
        latest = (index.get("participations") or {}).get(campaign_id)
        if latest is None:
            return  # only a result so far: the row comes with its start
        doc = self.participations.find_one({"_id": latest})
        ChunkedTable(self.tables, campaign_id).put(user_id, participant_row(doc, self._names(latest, user_id)))

    def on_started(self, envelope: Envelope) -> None:
        d = envelope.data
        self._write(envelope, {"organization_id": d["organization_id"], "kind": d["kind"], "attempt": d["attempt"],
                               "started_at": d["started_at"]}, attempt=d["attempt"])

    def on_assessment_completed(self, envelope: Envelope) -> None:
        d = envelope.data
        self._write(envelope, {"completed_at": d["completed_at"], "result": {
            "mastery_rate": d["mastery_rate"], "validated_skills": len(d["validated_skills"]),
            "target_skills": len(d["target_skills"]),
            "competences": [{"code": c["code"], "validated": c["validated"], "total": c["total"],
                             "mastery_rate": c["mastery_rate"]} for c in d["competences"]]}})

    def on_shared(self, envelope: Envelope) -> None:
        d = envelope.data
        self._write(envelope, {"shared_at": d["shared_at"], "share_id": d["share_id"]})

    def on_profile_shared(self, envelope: Envelope) -> None:
        """The snapshot a profile collection received (its own commit holds the Shared event)."""
        d = envelope.data
        if d.get("campaign_id") is None or d.get("participation_id") is None:
            return  # a share outside any campaign: the shares feature's alone
        by_code = {c["code"]: c for c in d["competences"]}
        self._write(envelope, {"profile": {
            "total_pix": d["total_pix"], "profile_percent": d["profile_percent"],
            "certifiable_competences": d["certifiable_competences"],
            "levels": "".join(str(by_code[code]["level"]) for code in COMPETENCE_CODES),
            "pix": [by_code[code]["pix"] for code in COMPETENCE_CODES]}})

    def on_user_anonymized(self, envelope: Envelope) -> None:
        user_id = envelope.data["user_id"]
        index_id = user_index_id(user_id)
        upsert_one(self.participations, {"_id": index_id}, {"$set": {"erased": True}})
        listed = (self.participations.find_one({"_id": index_id}) or {}).get("all") or {}
        for participation_id in sorted(listed):
            self.participations.delete_one({"_id": participation_id})
        for campaign_id in sorted(set(listed.values())):
            ChunkedTable(self.tables, campaign_id).remove(user_id)
        self.vault.forget(listed)
        self.vault.forget_person(user_id)  # entries no event names too
        self.participations.update_one({"_id": index_id, "erased": True},
                                       {"$unset": {"all": "", "participations": "", "attempts": ""}})


READ_MODELS = (CAMPAIGNS, PARTICIPATIONS, TABLES)
