"""Layering rule (ARCHITECTURE.md): models, services and pure modules never import Flask."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "vssid"
FLASK_MODULES = ("flask", "flask_login", "flask_babel", "flask_wtf", "flask_limiter", "htmx_flask", "werkzeug")
# Glue modules that exist to talk to Flask.
GLUE = {"views.py", "web.py", "cli.py", "extensions.py", "__init__.py", "forms.py"}
GLUE_SUFFIXES = ("_views.py",)
GLUE_PACKAGES = {"web"}


def _flask_free_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in GLUE_PACKAGES or path.name in GLUE or path.name.endswith(GLUE_SUFFIXES):
            continue
        if relative.parts == ("config.py",):
            continue
        yield path


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_models_services_and_rules_do_not_import_flask():
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & set(FLASK_MODULES))
        for path in _flask_free_modules()
        if _imports(path) & set(FLASK_MODULES)
    }
    assert offenders == {}


def test_the_rule_covers_models_and_services():
    covered = {path.name for path in _flask_free_modules()}
    assert {"models.py", "qr.py", "db.py", "text.py"} <= covered


def test_registry_reads_no_feature_area():
    features = {"accounts", "card", "records", "lookups", "support", "news", "payments", "eservices", "staff",
                "notifications"}
    for path in (ROOT / "registry").rglob("*.py"):
        if path.name == "cli.py":
            continue
        imported = {
            node.module.split(".")[1]
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vssid.")
        }
        assert not imported & features, path
