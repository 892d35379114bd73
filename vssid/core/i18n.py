"""Translation markers for Flask-free modules.

``N_`` marks a Vietnamese label kept as data (a status or kind name) for Babel's extractor
(a default keyword) and returns it unchanged: the page translates it at display time with
``_(label)``. Flask-free code cannot call Flask-Babel itself (the layering rule).
"""
from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 (gettext convention)
    return text
