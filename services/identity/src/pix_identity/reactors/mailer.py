"""identity's mailer: turns PasswordResetRequested into the mail, in the asker's language.
A reactor: a replay must never send the mail again."""
from __future__ import annotations

from datetime import datetime

from pixkit.events import Envelope
from pixkit.service_secrets import ServiceSecrets
from pixkit.text import without_forbidden

from ..adapters.accounts import AccountBook
from ..domain.password_reset import KEY_NAME, link_token

RESET_MAIL = {
    "fr": ("Pix : réinitialisation de votre mot de passe",
           "Bonjour {first_name},\n\nVous avez demandé à réinitialiser votre mot de passe Pix. "
           "Pour en choisir un nouveau, ouvrez ce lien :\n\n{link}\n\n"
           "Ce lien ne sert qu'une fois et expire le {expires} (UTC).\n"
           "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : "
           "votre mot de passe ne change pas.\n\nL'équipe Pix\n"),
    "en": ("Pix: resetting your password",
           "Hello {first_name},\n\nYou asked to reset your Pix password. To choose a new one, open this link:\n\n"
           "{link}\n\nThis link works once and expires on {expires} (UTC).\n"
           "If you did not ask for this, ignore this message: your password stays the same.\n\nThe Pix team\n"),
}


def send_reset_mail(envelope: Envelope, *, accounts: AccountBook, secrets: ServiceSecrets, sink,
                    public_url: str) -> None:
    data = envelope.data
    account = accounts.get(data["user_id"])
    if account is None:  # erased since: there is nobody to write to
        return
    token = link_token(secrets.get(KEY_NAME), data["reset_id"])
    expires = datetime.strptime(data["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ").strftime("%d/%m/%Y %H:%M")
    subject, body = RESET_MAIL.get(data["locale"], RESET_MAIL["fr"])
    sink.deliver(envelope.id, account["email"], subject,
                 # A name stored before the text rule could still hold CR/LF or bidi controls.
                 body.format(first_name=without_forbidden(account["first_name"]), expires=expires,
                             link=f"{public_url}/mot-de-passe/nouveau?jeton={token}"))
