"""Sending e-mail through the SMTP server the environment names (SMTP_* settings, README)."""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

NOT_CONFIGURED = "SMTP is not configured (set SMTP_HOST)"
TIMEOUT = 30.0


class MailError(Exception):
    """The message could not be handed to the SMTP server; `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def configured(config: Mapping[str, Any]) -> bool:
    return bool(config.get("SMTP_HOST"))


def message(config: Mapping[str, Any], *, to: Sequence[str], subject: str, body: str) -> EmailMessage:
    sender = config.get("SMTP_FROM") or "boardhouse@localhost"
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = ", ".join(to)
    mail["Subject"] = " ".join(subject.split())  # one line: a newline in a header would inject another
    mail["Date"] = formatdate(usegmt=True)
    # An explicit domain: make_msgid would otherwise ask DNS for this machine's name.
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or "localhost")
    mail.set_content(body)
    return mail


def send(config: Mapping[str, Any], *, to: Sequence[str], subject: str, body: str) -> None:
    """Hands one message to the SMTP server; MailError when it cannot."""
    if not configured(config):
        raise MailError(NOT_CONFIGURED)
    host, port = config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25)
    mail = message(config, to=to, subject=subject, body=body)
    try:
        with smtplib.SMTP(host, port, timeout=TIMEOUT) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
            smtp.send_message(mail)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"could not send through {host}:{port}: {error}") from error
