"""Certificates' verification codes, reserved unique (`certificate_codes`, `_id` = the code,
→ the certificate id): the insert that fails on a duplicate key says the code is taken, so
another is drawn. Insert-only: the public verification page finds a certificate from its code
in one `_id` find. A crash after a reservation wastes a code, no more: the certificate is
appended after it, and a retried issue reuses the code already reserved for the course."""
from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from ..domain.verification_code import generate_verification_code, normalize_verification_code

COLLECTION = "certificate_codes"


class CertificateCodes:
    def __init__(self, collection) -> None:
        self.collection = collection

    def reserve(self, course_id: str, certificate_id: str) -> tuple[str, str]:
        """(code, certificate id) of the course: the ones reserved first, else `certificate_id`
        with a fresh code."""
        held = self.collection.find_one({"_id": f"course:{course_id}"})
        if held is not None:
            return held["code"], held["certificate_id"]

        def taken(code: str) -> bool:
            try:
                self.collection.insert_one({"_id": code, "certificate_id": certificate_id, "course_id": course_id})
            except DuplicateKeyError:
                return True
            return False
        code = generate_verification_code(taken)
        try:
            self.collection.insert_one({"_id": f"course:{course_id}", "code": code, "certificate_id": certificate_id})
        except DuplicateKeyError:  # another delivery reserved one first: that one is the course's
            held = self.collection.find_one({"_id": f"course:{course_id}"})
            return held["code"], held["certificate_id"]
        return code, certificate_id

    def certificate_of(self, typed: str) -> tuple[str, str] | None:
        """(code, certificate id) for a code as typed (spaces, case), None when unknown."""
        code = normalize_verification_code(typed)
        if code is None:
            return None
        doc = self.collection.find_one({"_id": code})
        return (code, doc["certificate_id"]) if doc else None
