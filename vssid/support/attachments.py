"""Files sent with a petition: checked by content before anything is written. Flask-free.

A file is accepted when its first bytes are those of a JPEG or PNG image or a PDF document,
whatever its name says; at most MAX_FILES files of at most MAX_BYTES each. Every file is
checked before any is written, so a bad one means nothing is stored. Accepted files go into
the database with their petition (petitions.create), never onto a node's disk; the sent name
is kept, cleaned, for display and download only.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_FILES = 5
MAX_BYTES = 5 * 1024 * 1024
# Room for the text fields of the form on top of the files (Flask's request size cap).
MAX_REQUEST_BYTES = MAX_FILES * MAX_BYTES + 512 * 1024

# Signatures: JPEG FF D8 FF (JFIF, Exif and raw alike), PNG's fixed 8 bytes, PDF "%PDF-".
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it: its name and its bytes (read up to MAX_BYTES + 1)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    file_name: str  # cleaned, with the extension of its real type
    content_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are, among those accepted; None otherwise."""
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def display_name(name: str) -> str:
    """The sent name without any folder part or control characters, at most 100 characters."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    return _CONTROL.sub("", base).strip(" .")[-100:].strip(" .")


def clean_name(name: str, content_type: str) -> str:
    """The name to show and to offer for download: `display_name`, ending with the extension
    of what the file really is ("anh.exe" that is a PNG becomes "anh.exe.png")."""
    base = display_name(name) or "tep-dinh-kem"
    accepted = (".jpg", ".jpeg") if content_type == "image/jpeg" else (EXTENSIONS[content_type],)
    return base if base.lower().endswith(accepted) else base + EXTENSIONS[content_type]


def check(uploads: list[Upload]) -> tuple[list[CheckedFile], list[str]]:
    """The accepted files, and one message per problem (all problems, not only the first)."""
    files = [upload for upload in uploads if upload.name or upload.data]
    problems: list[str] = []
    if len(files) > MAX_FILES:
        problems.append(f"Chỉ được đính kèm tối đa {MAX_FILES} tệp (bạn đã chọn {len(files)} tệp).")
    checked: list[CheckedFile] = []
    for upload in files:
        shown = display_name(upload.name) or "không tên"
        if not upload.data:
            problems.append(f"Tệp “{shown}” rỗng.")
            continue
        if len(upload.data) > MAX_BYTES:
            problems.append(f"Tệp “{shown}” lớn hơn 5 MB. Vui lòng chụp lại với độ phân giải thấp hơn hoặc nén tệp.")
            continue
        content_type = sniff(upload.data)
        if content_type is None:
            problems.append(f"Tệp “{shown}” không phải ảnh JPEG, PNG hoặc tệp PDF.")
            continue
        checked.append(CheckedFile(clean_name(upload.name, content_type), content_type, upload.data))
    return checked, problems

