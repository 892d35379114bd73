"""Helpers for the support area's tests: the seeded FAQ, petitions, sample files."""
from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vssid.support.faq_data import CATEGORIES, entry_rows
from vssid.support.models import FaqCategory, FaqEntry, Petition


def seed_faq(session: Session) -> None:
    """The FAQ exactly as migration 0005 seeds it (the test fixtures empty the table between tests)."""
    if session.scalar(select(func.count()).select_from(FaqEntry)):
        return
    now = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)
    for position, (slug, title) in enumerate(CATEGORIES, start=1):
        session.add(FaqCategory(slug=slug, title=title, position=position))
    session.flush()
    ids = dict(session.execute(select(FaqCategory.slug, FaqCategory.id)).all())
    session.execute(FaqEntry.__table__.insert(), [{**row, "created_at": now, "updated_at": now}
                                                   for row in entry_rows(ids)])
    session.commit()


def faq(session: Session, slug: str) -> FaqEntry:
    return session.scalars(select(FaqEntry).where(FaqEntry.slug == slug)).one()


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny PNG image."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><script>alert(1)</script></html>"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    """A file tuple for Flask's test client (data=..., content_type multipart)."""
    return (io.BytesIO(data), name, content_type)


def petitions_of(session: Session, person_id: int) -> list[Petition]:
    session.expire_all()
    return list(session.scalars(select(Petition).where(Petition.person_id == person_id)))
