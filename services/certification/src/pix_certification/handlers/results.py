"""Finalization by the center, publication by a platform admin, and what is read afterwards:
the holder's certificates and the public verification by code (docs/domain.md §6). The
scores and certificates themselves are the "courses" reactor's (reactors/courses.py)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pixkit.events import EventCodec, Meta
from pixkit.store import EventStore

from ..adapters.candidate_vault import CandidateVault
from ..adapters.certificate_codes import CertificateCodes
from ..adapters.certificate_pdf import render_certificate
from ..domain import session_commands as cmd
from ..domain import sessions
from ..domain.certificates import CertificateNotFound, CertificateView, Holder, certified_competences
from .sessions import decide, iso_utc


class ResultHandlers:
    def __init__(self, *, store: EventStore, codec: EventCodec, vault: CandidateVault, codes: CertificateCodes,
                 certificates, user_certificates, centers, center_sessions,
                 clock: Callable[[], dt.datetime], public_url: str) -> None:
        self.store, self.codec, self.vault, self.codes = store, codec, vault, codes
        self.certificates, self.user_certificates, self.centers = certificates, user_certificates, centers
        self.center_sessions, self.clock, self.public_url = center_sessions, clock, public_url

    def verification_url(self, code: str) -> str:
        return f"{self.public_url}/certificats/verification?code={code}"

    def finalize(self, command: cmd.FinalizeSession, meta: Meta) -> None:
        at = iso_utc(self.clock())
        decide(self.store, self.codec, command.session_id,
               lambda s: sessions.finalize(s, finalized_by=command.finalized_by,
                                           examiner_comment=command.examiner_comment,
                                           absent_candidate_ids=command.absent_candidate_ids,
                                           incidents=command.incidents, finalized_at=at), meta)

    def publish(self, command: cmd.PublishSession, meta: Meta) -> None:
        at = iso_utc(self.clock())
        decide(self.store, self.codec, command.session_id,
               lambda s: sessions.publish(s, published_by=command.published_by, published_at=at), meta)

    def awaiting_publication(self, query: cmd.ReadSessionsAwaitingPublication, meta: Meta | None = None) -> list:
        doc = self.center_sessions.find_one({"_id": "awaiting-publication"}) or {}
        rows = [{"id": sid, **summary, "center_name": self._center_name(summary.get("center_id"))}
                for sid, summary in (doc.get("sessions") or {}).items()]
        return sorted(rows, key=lambda r: (r.get("date") or "", r["id"]))

    def my_certificates(self, query: cmd.ReadMyCertificates, meta: Meta | None = None) -> list:
        held = (self.user_certificates.find_one({"_id": query.user_id}) or {}).get("certificates") or {}
        rows = [{"id": cid, **summary, "center_name": self._center_name(summary["center_id"])}
                for cid, summary in held.items()]
        return sorted(rows, key=lambda r: (r["certified_on"], r["id"]), reverse=True)

    def certificate(self, query: cmd.ReadCertificate, meta: Meta | None = None) -> CertificateView:
        if query.code is not None:
            found = self.codes.certificate_of(query.code)
            doc = self.certificates.find_one({"_id": found[1]}) if found else None
        else:
            doc = self.certificates.find_one({"_id": query.certificate_id})
            if doc is not None and doc.get("user_id") != query.user_id:
                doc = None
        if doc is None:
            raise CertificateNotFound()
        fields = self.vault.listed(doc["session_id"], [doc["candidate_id"]]).get(doc["candidate_id"])
        holder = Holder(fields["first_name"], fields["last_name"]) if fields and doc.get("user_id") else None
        return CertificateView(verification_code=doc["verification_code"], certified_pix=doc["pix"],
                               certified_on=dt.date.fromisoformat(doc["certified_on"]),
                               center_name=self._center_name(doc["center_id"]),
                               competences=certified_competences({c["competence_code"]: c["level"]
                                                                  for c in doc["competences"]}, query.lang),
                               holder=holder)

    def render(self, command: cmd.RenderCertificate, meta: Meta | None = None) -> tuple[str, bytes]:
        """(the file's name, the PDF) of the holder's own certificate."""
        view = self.certificate(cmd.ReadCertificate(certificate_id=command.certificate_id, user_id=command.user_id,
                                                    lang=command.lang))
        pdf = render_certificate(view, self.verification_url(view.verification_code), command.lang)
        return f"certificat-pix-{view.verification_code}.pdf", pdf

    def _center_name(self, center_id: str | None) -> str:
        return (self.centers.find_one({"_id": center_id}) or {}).get("name", "") if center_id else ""

    def bindings(self) -> dict:
        return {cmd.FinalizeSession: self.finalize, cmd.PublishSession: self.publish,
                cmd.ReadSessionsAwaitingPublication: self.awaiting_publication,
                cmd.ReadMyCertificates: self.my_certificates, cmd.ReadCertificate: self.certificate,
                cmd.RenderCertificate: self.render}
