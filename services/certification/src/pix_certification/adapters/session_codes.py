"""Sessions' access codes, reserved unique (`session_codes`, `_id` = the code): the insert that
fails on a duplicate key says the code is taken, so another is drawn; then `session:<id>` says
which code a session has, for its members' page. Command side and insert-only: the code is what
a candidate and the invigilator type, and it is kept out of the session's stream, which is
published (domain/sessions.py). A crash between the two inserts wastes a code, no more: the
session is appended after both."""
from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from ..domain.sessions import generate_access_code, normalize_access_code

COLLECTION = "session_codes"


class SessionCodes:
    def __init__(self, collection) -> None:
        self.collection = collection

    def reserve(self, session_id: str) -> str:
        """A fresh code for the session (AccessCodeExhausted after too many taken draws)."""
        def taken(code: str) -> bool:
            try:
                self.collection.insert_one({"_id": code, "session_id": session_id})
            except DuplicateKeyError:
                return True
            return False
        code = generate_access_code(taken)
        try:
            self.collection.insert_one({"_id": f"session:{session_id}", "code": code})
        except DuplicateKeyError:  # a retried creation: the first code stays the session's
            return self.code_of(session_id) or code
        return code

    def code_of(self, session_id: str) -> str | None:
        doc = self.collection.find_one({"_id": f"session:{session_id}"})
        return doc["code"] if doc else None

    def session_of(self, typed: str) -> str | None:
        """The session the typed code opens (case and spaces ignored), None for no session."""
        code = normalize_access_code(typed)
        if not code:
            return None
        doc = self.collection.find_one({"_id": code})
        return doc["session_id"] if doc else None
