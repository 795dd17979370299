"""The invitation mailer: MemberInvited becomes the mail with the link, in the inviter's
language. A reactor ("invitation-mails"): a replay never sends a mail again, and a
redelivery rewrites the same message (the sink names it after the event)."""
from __future__ import annotations

from datetime import datetime

from pixkit.events import Envelope
from pixkit.service_secrets import ServiceSecrets
from pixkit.store import EventStore
from pixkit.text import without_forbidden

from ..adapters.invitations import PENDING, InvitationVault
from ..domain import organizations as org

ROLE_NAMES = {"fr": {"ADMIN": "en tant qu'administrateur", "MEMBER": "en tant que membre"},
              "en": {"ADMIN": "as an administrator", "MEMBER": "as a member"}}
INVITATION_MAIL = {
    "fr": ("Pix : invitation à rejoindre {organization}",
           "Bonjour,\n\nVous êtes invité(e) à rejoindre l'organisation « {organization} » sur Pix, "
           "{role}.\n\nPour accepter, connectez-vous puis ouvrez ce lien :\n\n{link}\n\n"
           "Ce lien ne sert qu'une fois et expire le {expires} (UTC).\n"
           "Si vous ne vous attendiez pas à cette invitation, ignorez ce message.\n\nL'équipe Pix\n"),
    "en": ("Pix: invitation to join {organization}",
           "Hello,\n\nYou are invited to join the organization \"{organization}\" on Pix, {role}.\n\n"
           "To accept, sign in and open this link:\n\n{link}\n\n"
           "This link works once and expires on {expires} (UTC).\n"
           "If you did not expect this invitation, ignore this message.\n\nThe Pix team\n"),
}


def invitation_link(public_url: str, key: bytes, invitation_id: str) -> str:
    return f"{public_url}/organisations/invitation/{invitation_id}?jeton={org.link_token(key, invitation_id)}"


def send_invitation_mail(envelope: Envelope, *, vault: InvitationVault, secrets: ServiceSecrets,
                         store: EventStore, sink, public_url: str) -> None:
    data = envelope.data
    invitation = vault.get(data["invitation_id"])
    if invitation is None or invitation.get("status") != PENDING or not invitation.get("email"):
        return  # used already (its address is gone), or never vaulted: nobody to write to
    state = store.load(org.organization_stream(data["organization_id"]), org.evolve).state
    if state is None:
        return
    language = invitation.get("locale") if invitation.get("locale") in INVITATION_MAIL else "fr"
    subject, body = INVITATION_MAIL[language]
    # A name is checked on the way in; without_forbidden keeps a header from ever holding CR/LF.
    name = without_forbidden(state["display_name"])
    expires = datetime.strptime(data["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ").strftime("%d/%m/%Y %H:%M")
    sink.deliver(envelope.id, invitation["email"], subject.format(organization=name),
                 body.format(organization=name, role=ROLE_NAMES[language][data["role"]], expires=expires,
                             link=invitation_link(public_url, secrets.get(org.INVITATION_KEY), data["invitation_id"])))
