"""Sending one email through SMTP: plain, STARTTLS or implicit TLS (`MAIL_SECURITY`).

Only the outbox worker calls `send_mail` (`hiring/outbox/worker.py`); everything else queues.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

SECURITY = ("none", "starttls", "tls")


def mail_configured(config: Mapping[str, Any]) -> bool:
    return bool(config.get("MAIL_SERVER"))


def mail_security(config: Mapping[str, Any]) -> str:
    """`MAIL_SECURITY` if set; else what the port usually means (465: TLS, 25: none, else STARTTLS)."""
    chosen = (config.get("MAIL_SECURITY") or "").lower()
    if chosen:
        if chosen not in SECURITY:
            raise ValueError(f"MAIL_SECURITY must be one of {', '.join(SECURITY)}, not {chosen!r}")
        return chosen
    return {465: "tls", 25: "none"}.get(int(config.get("MAIL_PORT") or 587), "starttls")


def _tls_context(config: Mapping[str, Any]) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=config.get("MAIL_CA_FILE") or None)
    return context


def send_mail(config: Mapping[str, Any], *, to: str, subject: str, body: str, timeout: float = 15,
              message_id: str | None = None) -> None:
    """Send a plain-text message (with `message_id` as its Message-ID, else a new one). Raises
    OSError (smtplib.SMTPException included) when it fails."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_SENDER"], to, subject
    message["Message-ID"] = message_id or make_msgid(domain=str(config["MAIL_SENDER"]).rpartition("@")[2] or None)
    message.set_content(body)
    security, host, port = mail_security(config), config["MAIL_SERVER"], int(config["MAIL_PORT"])
    if security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=_tls_context(config))
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if security == "starttls":
            smtp.starttls(context=_tls_context(config))
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
