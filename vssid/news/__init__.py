"""News and videos (Tin tức – Video): the list, articles, videos, the editor screens and
the import from the VSS portal's RSS/Atom feeds."""
