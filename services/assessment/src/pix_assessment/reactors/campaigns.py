"""Starts the campaign test of an ASSESSMENT campaign's participation (docs/domain.md §7),
from sharing's CampaignParticipationStarted. A reactor: it appends assessment's own events
(when a test has nothing to ask, its end), so a replay never runs it. A redelivery finds
the test started and does nothing (handlers/campaign_tests.py)."""
from __future__ import annotations

from collections.abc import Callable

from pixkit.events import Envelope, Meta

from ..domain.commands import StartCampaignTest

ASSESSMENT = "ASSESSMENT"  # a profile collection has no test


def on_participation_started(envelope: Envelope, *, start: Callable[[StartCampaignTest, Meta], object]) -> None:
    data = envelope.data
    if data["kind"] != ASSESSMENT:
        return
    command = StartCampaignTest(data["participation_id"], data["campaign_id"], data["user_id"],
                                tuple(data["target_competences"]), tuple(data["target_tubes"]), data["started_at"],
                                data["previous_participation_id"] if data["attempt"] > 1 else None)
    start(command, Meta(correlation_id=envelope.meta.get("correlation_id"), causation_id=envelope.id,
                        actor=envelope.meta.get("actor")))
