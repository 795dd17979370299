"""The command side's view of campaigns: their codes and their streams, read at once after a
write (the read models may lag a little behind).

- `codes` `{_id: "campaign:<CODE>", campaign_id}`: a code reserved by inserting it (a
  duplicate key means taken: draw again). A reservation whose campaign was never appended
  (a crash in between) leads nowhere: `by_code` answers None for it.
- the campaign itself is the state of stream `campaign-<id>` (its CampaignCreated data).
"""
from __future__ import annotations

from collections.abc import Callable

from pixkit.store import EventStore
from pymongo.errors import DuplicateKeyError

from ..domain.campaigns import campaign_stream, draw_campaign_code

CODE_DRAWS = 20  # 17^6 × 7^3 codes: a collision twice in a row is already unlikely


def campaign_code_key(code: str) -> str:
    return f"campaign:{code}"


def _evolve(state: dict | None, envelope) -> dict | None:
    return dict(envelope.data) if envelope.type == "CampaignCreated" else state


class CampaignBook:
    def __init__(self, store: EventStore, codes, draw: Callable[[], str] = draw_campaign_code) -> None:
        self.store, self.codes, self.draw = store, codes, draw

    def reserve_code(self, campaign_id: str) -> str:
        for _ in range(CODE_DRAWS):
            code = self.draw()
            try:
                self.codes.insert_one({"_id": campaign_code_key(code), "campaign_id": campaign_id})
                return code
            except DuplicateKeyError:
                continue
        raise RuntimeError("no free campaign code after many draws")

    def load(self, campaign_id: str) -> dict | None:
        """The campaign (CampaignCreated's data), None when no such campaign was appended."""
        return self.store.load(campaign_stream(campaign_id), _evolve).state

    def by_code(self, code: str) -> dict | None:
        reserved = self.codes.find_one({"_id": campaign_code_key(code)})
        return self.load(reserved["campaign_id"]) if reserved else None
