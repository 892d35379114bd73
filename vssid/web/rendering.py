"""Full page or fragment: one rendering helper for every view (ARCHITECTURE.md, Web).

A plain or boosted request gets the whole page; an htmx request that targets part of
the page gets only the named block of the same template, so markup is never duplicated.
"""
from __future__ import annotations

from flask import Response, make_response, render_template, request
from jinja2_fragments.flask import render_block


def wants_fragment() -> bool:
    """htmx asked for part of the page: not a boosted navigation, and not a history
    restore (the back button after an `hx-push-url`, which needs the whole page)."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(template: str, *, block: str | None = None, status: int = 200, **context) -> Response:
    if block and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.update(("HX-Request", "HX-Boosted"))
    return response


def render_form_error(template: str, *, block: str | None = None, **context) -> Response:
    """Re-render a form with its errors: 200 for htmx (so it swaps), 422 for plain posts."""
    return render(template, block=block, status=200 if request.htmx else 422, **context)


def private(response: Response) -> Response:
    """Personal data: never stored by the browser's or a proxy's cache."""
    response.headers["Cache-Control"] = "no-store"
    return response
