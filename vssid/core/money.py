"""Money is an integer number of đồng; never a float.

DOMAIN.md §4 gives every amount in whole đồng and asks that each computed amount be
"rounded to the đồng as VSS does" (e.g. 4.5% × 2,530,000 = 113,850 per month). Rates
are therefore applied as integer fractions and rounded half up here.
"""
from __future__ import annotations

NBSP = "\u00a0"


def _require_int(value: object, name: str) -> None:
    # bool is an int subclass; True đồng is a bug, not an amount.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int number of đồng, not {type(value).__name__}")


def format_vnd(amount: int) -> str:
    """Vietnamese style: dots between thousands, a non-breaking space, then "đ".

    ``format_vnd(1263600) == "1.263.600\\u00a0đ"``; the non-breaking space keeps "đ" on
    the amount's line on narrow phone screens.
    """
    _require_int(amount, "amount")
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + f"{NBSP}đ"


def round_vnd(*, numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest đồng, halves away from zero.

    Express a rate as integers: 4.5% of 2,530,000 is
    ``round_vnd(numerator=2_530_000 * 45, denominator=1000)``.
    """
    _require_int(numerator, "numerator")
    _require_int(denominator, "denominator")
    if denominator == 0:
        raise ZeroDivisionError("denominator must not be zero")
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    quotient, remainder = divmod(abs(numerator), abs(denominator))
    if 2 * remainder >= abs(denominator):
        quotient += 1
    return sign * quotient
