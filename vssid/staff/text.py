"""Small text rules shared by the staff console's services."""
from __future__ import annotations

import re
import unicodedata

from vssid.core.errors import ValidationError

REASON_MIN, REASON_MAX = 10, 300
_UNSAFE_SMS = re.compile(r"[^\x20-\x7e]")


def sms_text(text: str) -> str:
    """Vietnamese text as the plain ASCII the project's SMS use ("Lý do" -> "Ly do"):
    GSM-7 messages carry 160 characters, Unicode ones only 70."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(_UNSAFE_SMS.sub(" ", text).split())


def validate_reason(value: str, *, field: str = "reason") -> str:
    """Every staff action on a person's data states why, in a sentence the audit keeps."""
    reason = " ".join(unicodedata.normalize("NFC", value or "").split())
    if len(reason) < REASON_MIN:
        raise ValidationError(f"Ghi rõ lý do (ít nhất {REASON_MIN} ký tự).", field=field)
    if len(reason) > REASON_MAX:
        raise ValidationError(f"Lý do dài tối đa {REASON_MAX} ký tự.", field=field)
    return reason
