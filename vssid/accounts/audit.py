"""The audit log of security events (ASVS 7.1, 7.2)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vssid.accounts.models import AuditEvent


@dataclass(frozen=True)
class Client:
    """Who is asking: what a service needs to know about the request, without Flask."""

    ip: str
    user_agent: str
    device_hash: str

    @property
    def network(self) -> str:
        """The approximate network shown to the holder: the address with its host part hidden."""
        if ":" in self.ip:
            return ":".join(self.ip.split(":")[:3]) + "::/48"
        parts = self.ip.split(".")
        return ".".join(parts[:3]) + ".0/24" if len(parts) == 4 else self.ip


def record(
    session: Session,
    event: str,
    *,
    client: Client | None = None,
    account_id: int | None = None,
    subject: str | None = None,
    **detail: object,
) -> None:
    session.add(
        AuditEvent(
            event=event,
            account_id=account_id,
            subject=subject,
            ip=client.ip if client else "",
            user_agent=(client.user_agent if client else "")[:300],
            detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else "",
        )
    )
