"""Each campaign's participants table: one ChunkedTable per campaign in `campaign_tables`
(table id = campaign id, row key = user id: one row per participant, their latest attempt).

A row, written by the campaigns projection only:
`{"l": last name, "f": first name, "s": student number or "", "st": started at, "t": status,
  "d": shared at or "", "cp": completed at or "", "m": mastery % or None,
  "mc": [{code, validated, total, mastery_rate}, …], "p": total pix or None,
  "n": certifiable competences or None, "lv": "<16 level digits>" or "", "px": [16 pix] or [],
  "a": attempt, "pid": participation id}`.
Lists of documents, never lists of lists: the local store refuses nested arrays.
"""
from __future__ import annotations

from .tables import RowShape

COLLECTION = "campaign_tables"

CAMPAIGN_ROWS = RowShape(
    fields=("l", "f", "s", "st", "t", "d", "cp", "m", "mc", "p", "n", "lv", "px", "a", "pid"),
    sorts={"lastName": "l", "firstName": "f", "studentNumber": "s", "startedAt": "st", "status": "t",
           "sharedAt": "d", "masteryRate": "m"},
    campaigns=None,
    defaults={"s": "", "st": "", "t": "", "d": "", "cp": "", "mc": [], "lv": "", "px": []},
)
