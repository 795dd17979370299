"""Where a service's mails go (identity's password resets, sharing's invitations).
Development: a directory of .eml files (PIX_MAIL_DIR), one per message, named after the
event that asked for it (so a redelivery rewrites the same file). A production SMTP relay
would implement the same `deliver`."""
from __future__ import annotations

import email.policy
import logging
import os
from email.message import EmailMessage
from pathlib import Path

log = logging.getLogger("pix.mail")


class DirectoryMailSink:
    def __init__(self, directory: str | os.PathLike) -> None:
        self.directory = Path(directory)

    def deliver(self, message_id: str, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = "Pix <ne-pas-repondre@pix.local>"
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = f"<{message_id}@pix.local>"
        message.set_content(body)
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.directory / f".{message_id}.tmp"
        # SMTPUTF8: an address with accents stays one (the default policy would encode it as a
        # header word, which no mail server reads as an address).
        temporary.write_bytes(message.as_bytes(policy=email.policy.SMTPUTF8))
        temporary.replace(self.directory / f"{message_id}.eml")  # readers never see half a file
        log.info("mail written to the development sink", extra={"message_id": message_id})


class NoMailSink:
    """No sink configured: the mail cannot go anywhere, which is an operator's error to see."""

    def deliver(self, message_id: str, to: str, subject: str, body: str) -> None:
        raise RuntimeError("no mail sink configured (set PIX_MAIL_DIR)")


def mail_sink(env: dict | None = None):
    env = os.environ if env is None else env
    return DirectoryMailSink(env["PIX_MAIL_DIR"]) if env.get("PIX_MAIL_DIR") else NoMailSink()
