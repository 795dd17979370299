"""Assessment's storage beside the event store, every access by `_id`:

- `assessment_index`: assessment id → (user, competence), so that a URL finds its stream; for
  a campaign test, (user, the test's start: its target, what a retry keeps), written once by
  the reactor that starts it (insert-only: a redelivery finds it there and does nothing); for
  a certification test (id = the course id), (user, the composed test, the extra time), alike;
- `challenge_timers`: when a timed challenge was first served, to tell a late answer;
- `certification_candidates`: a certification candidate id → their course id, so that the
  invigilator's CandidateTestEnded (which names the candidate only) finds the test.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pixkit.events import EventCodec
from pixkit.memo import Memo
from pixkit.store import EventStore
from pymongo.errors import DuplicateKeyError

from ..domain import campaign, certification
from ..domain.campaign import CampaignTest
from ..domain.certification import CertificationTest
from ..domain.evaluation import Evaluation, apply, stream_of

COMPETENCE = "competence"  # an entry of a competence's stream


@dataclass(frozen=True)
class IndexEntry:
    assessment_id: str
    user_id: str
    competence_code: str | None  # None for a campaign or a certification test
    campaign: dict | None = None  # a campaign test's initial state (CampaignTest.to_doc())
    certification: dict | None = None  # a certification test's initial state (CertificationTest.to_doc())

    @property
    def kind(self) -> str:
        """competence (a positioning or an improvement: the competence's stream tells which),
        campaign or certification."""
        if self.certification is not None:
            return certification.KIND
        return campaign.KIND if self.campaign is not None else COMPETENCE


class AssessmentIndex:
    """Entries never change once written, so a process keeps those it found (an absent one
    is asked again: the other process may be writing it)."""

    def __init__(self, db, max_entries: int = 20_000) -> None:
        self.collection = db["assessment_index"]
        self._known: Memo[str, IndexEntry] = Memo(max_entries)

    def add(self, entry: IndexEntry) -> None:
        self.collection.insert_one({"_id": entry.assessment_id, "user_id": entry.user_id,
                                    "competence_code": entry.competence_code})

    def add_campaign(self, test: CampaignTest) -> bool:
        """False when the test was started already (a redelivery, or a racing one)."""
        try:
            self.collection.insert_one({"_id": test.participation_id, "user_id": test.user_id,
                                        "competence_code": None, "campaign": test.to_doc()})
        except DuplicateKeyError:
            return False
        return True

    def add_certification(self, test: CertificationTest) -> bool:
        """False when the course's test was opened already (a redelivery, a resume, a race)."""
        try:
            self.collection.insert_one({"_id": test.course_id, "user_id": test.user_id,
                                        "competence_code": None, "certification": test.to_doc()})
        except DuplicateKeyError:
            return False
        return True

    def get(self, assessment_id: str) -> IndexEntry | None:
        known = self._known.get(assessment_id)
        if known is not None:
            return known
        doc = self.collection.find_one({"_id": assessment_id})
        if doc is None:
            return None
        entry = IndexEntry(assessment_id, doc["user_id"], doc["competence_code"], doc.get("campaign"),
                           doc.get("certification"))
        self._known.put(assessment_id, entry)
        return entry


class ChallengeTimers:
    def __init__(self, db) -> None:
        self.collection = db["challenge_timers"]

    def served(self, assessment_id: str, challenge_id: str, now: datetime) -> None:
        try:  # the first serving counts: reloading the page does not restart the clock
            self.collection.insert_one({"_id": f"{assessment_id}:{challenge_id}", "at": now})
        except DuplicateKeyError:
            pass

    def served_at(self, assessment_id: str, challenge_id: str) -> datetime | None:
        doc = self.collection.find_one({"_id": f"{assessment_id}:{challenge_id}"})
        if doc is None:
            return None
        at = doc["at"]
        return at if at.tzinfo else at.replace(tzinfo=UTC)


class Evaluations:
    """Loads and appends one person's evaluation of one competence (one stream)."""

    def __init__(self, store: EventStore, codec: EventCodec) -> None:
        self.store, self.codec = store, codec

    def load(self, user_id: str, competence_code: str) -> tuple[int, Evaluation]:
        def evolve(state, envelope):
            return apply(_state(state, user_id, competence_code), self.codec.decode(envelope))

        loaded = self.store.load(stream_of(user_id, competence_code), evolve)
        return loaded.version, _state(loaded.state, user_id, competence_code)

    def append(self, evaluation: Evaluation, version: int, events: list, meta) -> list:
        """Applies the events to `evaluation`, then stores them with it as the snapshot."""
        for event in events:
            apply(evaluation, event)
        return self.save(evaluation, version, events, meta)

    def save(self, evaluation: Evaluation, version: int, events: list, meta) -> list:
        """Stores events already applied to `evaluation` (its state is the new snapshot)."""
        # A snapshot once no test is in progress: a later cold load of a finished
        # competence is then one read (in between, every few commits: the store's rule).
        return self.store.append(stream_of(evaluation.user_id, evaluation.competence_code), version,
                                 [self.codec.encode(e) for e in events], key=evaluation.user_id,
                                 state=evaluation.to_doc(), meta=meta, snapshot=evaluation.current is None)


def _state(raw, user_id: str, competence_code: str) -> Evaluation:
    if raw is None:
        return Evaluation(user_id, competence_code)
    return raw if isinstance(raw, Evaluation) else Evaluation.from_doc(raw)


class CampaignTests:
    """Loads and appends one campaign test (stream `campaign-<participation id>`), whose
    state starts from its index entry."""

    def __init__(self, store: EventStore, codec: EventCodec) -> None:
        self.store, self.codec = store, codec

    def load(self, entry: IndexEntry) -> tuple[int, CampaignTest]:
        def evolve(state, envelope):
            return campaign.apply(_test(state, entry), self.codec.decode(envelope))

        loaded = self.store.load(campaign.stream_of(entry.assessment_id), evolve)
        return loaded.version, _test(loaded.state, entry)

    def save(self, test: CampaignTest, version: int, events: list, meta) -> list:
        """Stores events already applied to `test` (its state is the new snapshot)."""
        return self.store.append(campaign.stream_of(test.participation_id), version,
                                 [self.codec.encode(e) for e in events], key=test.user_id,
                                 state=test.to_doc(), meta=meta, snapshot=test.run.completed)


def _test(raw, entry: IndexEntry) -> CampaignTest:
    if isinstance(raw, CampaignTest):
        return raw
    return CampaignTest.from_doc(raw if raw is not None else entry.campaign)


class CertificationTests:
    """Loads and appends one certification test (stream `certification-<course id>`), whose
    state starts from its index entry."""

    def __init__(self, store: EventStore, codec: EventCodec) -> None:
        self.store, self.codec = store, codec

    def load(self, entry: IndexEntry) -> tuple[int, CertificationTest]:
        def evolve(state, envelope):
            return certification.apply(_certification(state, entry), self.codec.decode(envelope))

        loaded = self.store.load(certification.stream_of(entry.assessment_id), evolve)
        return loaded.version, _certification(loaded.state, entry)

    def save(self, test: CertificationTest, version: int, events: list, meta) -> list:
        """Stores events already applied to `test` (its state is the new snapshot)."""
        return self.store.append(certification.stream_of(test.course_id), version,
                                 [self.codec.encode(e) for e in events], key=test.user_id,
                                 state=test.to_doc(), meta=meta, snapshot=test.run.completed)


def _certification(raw, entry: IndexEntry) -> CertificationTest:
    if isinstance(raw, CertificationTest):
        return raw
    return CertificationTest.from_doc(raw if raw is not None else entry.certification)


class CertificationCandidates:
    """A candidate id → their course id (one course per candidate: a resume keeps it)."""

    def __init__(self, db) -> None:
        self.collection = db["certification_candidates"]

    def remember(self, candidate_id: str, course_id: str) -> None:
        self.collection.update_one({"_id": candidate_id}, {"$set": {"course_id": course_id}}, upsert=True)

    def course_of(self, candidate_id: str) -> str | None:
        doc = self.collection.find_one({"_id": candidate_id})
        return doc["course_id"] if doc else None
