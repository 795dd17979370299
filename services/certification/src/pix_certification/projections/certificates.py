"""Published certificates, fed by the one "certificates" loop: `certificates`, `_id` =
certificate id → what CertificateIssued says (figures and ids, no names: the holder's names are
read from the candidate vault when shown, so erasing the vault removes them everywhere), and
`user_certificates`, `_id` = user id → {certificates: {certificate id: summary}} for the
holder's list. UserAnonymized removes the person's list and the link from their certificates;
the certificates stay verifiable, with their figures and no holder.
"""
from __future__ import annotations

from pixkit.events import Envelope
from pixkit.projection import apply_once
from pixkit.upserts import upsert_one

CERTIFICATES, USER_CERTIFICATES = "certificates", "user_certificates"


def on_certificate_issued(envelope: Envelope, *, certificates, user_certificates) -> None:
    data = envelope.data
    if (user_certificates.find_one({"_id": data["user_id"]}) or {}).get("erased"):
        apply_once(certificates, data["certificate_id"], envelope, {"$set": {**data, "user_id": None}})
        return
    apply_once(certificates, data["certificate_id"], envelope, {"$set": dict(data)})
    summary = {k: data[k] for k in ("verification_code", "pix", "certified_on", "center_id", "session_id")}
    apply_once(user_certificates, data["user_id"], envelope,
               {"$set": {f"certificates.{data['certificate_id']}": summary}})


def on_user_anonymized(envelope: Envelope, *, certificates, user_certificates) -> None:
    user_id = envelope.data["user_id"]
    held = (user_certificates.find_one({"_id": user_id}) or {}).get("certificates") or {}
    for certificate_id in held:  # one by one: an `_id` $in scans on the local store
        certificates.update_one({"_id": certificate_id}, {"$set": {"user_id": None}})
    upsert_one(user_certificates, {"_id": user_id}, {"$set": {"erased": True}, "$unset": {"certificates": "",
                                                                                         "applied": ""}})
