"""The centers' invitation mailer: CenterMemberInvited becomes the mail with the link, in the
language of whoever asked (the admin who invited, or the request's contact for the first
admin's). A reactor ("center-invitation-mails"): a replay never sends a mail again, and a
redelivery rewrites the same message (the sink names it after the event)."""
from __future__ import annotations

from datetime import datetime

from pixkit.events import Envelope
from pixkit.service_secrets import ServiceSecrets
from pixkit.store import EventStore
from pixkit.text import without_forbidden

from ..adapters.center_vault import PENDING, CenterVault
from ..domain import centers as c

ROLE_NAMES = {"fr": {"ADMIN": "en tant qu'administrateur", "MEMBER": "en tant que membre"},
              "en": {"ADMIN": "as an administrator", "MEMBER": "as a member"}}
INVITATION_MAIL = {
    "fr": ("Pix : invitation à rejoindre le centre de certification {center}",
           "Bonjour,\n\nVous êtes invité(e) à rejoindre le centre de certification « {center} » sur Pix, "
           "{role}.\n\nPour accepter, connectez-vous puis ouvrez ce lien :\n\n{link}\n\n"
           "Ce lien ne sert qu'une fois et expire le {expires} (UTC).\n"
           "Si vous ne vous attendiez pas à cette invitation, ignorez ce message.\n\nL'équipe Pix\n"),
    "en": ("Pix: invitation to join the certification center {center}",
           "Hello,\n\nYou are invited to join the certification center \"{center}\" on Pix, {role}.\n\n"
           "To accept, sign in and open this link:\n\n{link}\n\n"
           "This link works once and expires on {expires} (UTC).\n"
           "If you did not expect this invitation, ignore this message.\n\nThe Pix team\n"),
}
# The first admin's invitation answers the accreditation request: the mail says so first.
ACCREDITED_MAIL = {
    "fr": ("Pix : votre établissement {center} est centre de certification",
           "Bonjour,\n\nVotre demande a été acceptée : « {center} » est désormais un centre de certification "
           "Pix, et vous en êtes l'administrateur.\n\nPour administrer le centre, connectez-vous (ou créez "
           "votre compte Pix) puis ouvrez ce lien :\n\n{link}\n\n"
           "Ce lien ne sert qu'une fois et expire le {expires} (UTC).\n\nL'équipe Pix\n"),
    "en": ("Pix: your institution {center} is a certification center",
           "Hello,\n\nYour request was accepted: \"{center}\" is now a Pix certification center, and you "
           "are its administrator.\n\nTo manage the center, sign in (or create your Pix account) and open "
           "this link:\n\n{link}\n\nThis link works once and expires on {expires} (UTC).\n\nThe Pix team\n"),
}


def invitation_link(base_url: str, key: bytes, invitation_id: str) -> str:
    """The gateway's page for the invitation (docs/domain.md §6)."""
    return f"{base_url}/centres-de-certification/invitations/{invitation_id}?token={c.link_token(key, invitation_id)}"


def send_invitation_mail(envelope: Envelope, *, vault: CenterVault, secrets: ServiceSecrets, store: EventStore,
                         sink, base_url: str) -> None:
    data = envelope.data
    invitation = vault.invitation(data["invitation_id"])
    if invitation is None or invitation.get("status") != PENDING or not invitation.get("email"):
        return  # used already (its address is gone), or never vaulted: nobody to write to
    state = store.load(c.center_stream(data["center_id"]), c.evolve).state
    if state is None:
        return
    language = invitation.get("locale") if invitation.get("locale") in INVITATION_MAIL else "fr"
    first_admin = not data["invited_by"] and invitation.get("request_id")
    subject, body = (ACCREDITED_MAIL if first_admin else INVITATION_MAIL)[language]
    # A name is checked on the way in; without_forbidden keeps a header from ever holding CR/LF.
    name = without_forbidden(state["name"])
    expires = datetime.strptime(data["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ").strftime("%d/%m/%Y %H:%M")
    link = invitation_link(base_url, secrets.get(c.INVITATION_KEY), data["invitation_id"])
    sink.deliver(envelope.id, invitation["email"], subject.format(center=name),
                 body.format(center=name, role=ROLE_NAMES[language][data["role"]], expires=expires, link=link))
