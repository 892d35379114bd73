"""Every string the code and templates mark for translation has an English translation, so
an English reader never meets untranslated Vietnamese (UI text goes through Flask-Babel)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("vssid/**.py", "python"), ("templates/**.html", "jinja2")]  # as babel.cfg
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}  # as `make translations-extract` (-k _l)


def marked_strings() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {}},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_marked_string_has_an_english_translation():
    with open(ROOT / "translations/en/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                  if m.id and m.string and (all(m.string) if isinstance(m.string, tuple) else True) and not m.fuzzy}
    missing = sorted(marked_strings() - translated)
    assert missing == [], f"run `make translations-extract` and translate: {missing[:20]}"
