"""Tin tức – Video (blueprint "news", /tin-tuc): the news list, articles, the videos tab.

Public pages, the same for everyone: cacheable for five minutes (Cache-Control public,
max-age=300) and rendered with the shared shell (no name, no CSRF token) for visitors who
are not signed in; a signed-in person gets the usual shell and a private copy.

Each page sends its own Content-Security-Policy (vssid/news/policy.py): images from the
portal hosts in VSSID_NEWS_IMAGE_HOSTS, and a YouTube-nocookie frame on the video pages
only. A policy belongs to the document that was loaded, and hx-boost swaps only the body,
so a boosted navigation into a news page that needs more than the site's default policy
is answered with HX-Redirect: the browser loads the page in full, with its policy.

A page rendered with the shared shell says so (X-VssID-Shell: shared): the service worker
keeps only such pages for offline reading (static/sw.js, "vssid-news-v1"), so a kept copy
never holds a name, a bell or a token. The saved-copy note (news/_macros.html) is in every
page, hidden; the worker shows it in the copy it keeps.
"""
from __future__ import annotations

import os

from flask import Blueprint, Response, current_app, g, redirect, request, session, url_for
from flask_login import current_user
from markupsafe import Markup

from vssid.accounts.web import DEVICE_COOKIE, cookie_name, device_id, redirect_to
from vssid.config import ConfigError
from vssid.core.db import utcnow
from vssid.extensions import db
from vssid.news import services
from vssid.core.dates import format_date_vi, to_local
from vssid.news.media import host_of, image_allowed, parse_hosts, parse_video
from vssid.news.models import KIND_ARTICLE, KIND_VIDEO, NewsItem
from vssid.news.policy import news_policy
from vssid.news.sanitize import clean_html, repeats_start
from vssid.web.headers import CONTENT_SECURITY_POLICY
from vssid.web.rendering import render

bp = Blueprint("news", __name__, url_prefix="/tin-tuc")

DEFAULT_IMAGE_HOSTS = "baohiemxahoi.gov.vn"
PUBLIC_MAX_AGE = 300
SHELL_HEADER = "X-VssID-Shell"


@bp.record_once
def _install(state) -> None:
    app = state.app
    config = app.config
    # Settings of this area; the environment variables have the same names (README, "News import").
    config.setdefault("VSSID_NEWS_IMAGE_HOSTS", os.environ.get("VSSID_NEWS_IMAGE_HOSTS", DEFAULT_IMAGE_HOSTS))
    try:
        parse_hosts(config["VSSID_NEWS_IMAGE_HOSTS"])
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    app.jinja_env.filters.update(news_html=_news_html, news_date=_news_date, news_host=host_of)
    app.jinja_env.globals.update(news_image=_news_image, news_video=parse_video, news_url=news_url,
                                 news_repeats_start=repeats_start)


def image_hosts() -> tuple[str, ...]:
    return parse_hosts(current_app.config["VSSID_NEWS_IMAGE_HOSTS"])


def _news_html(body: str) -> Markup:
    """Sanitised again on the way out, with the image hosts allowed now."""
    return Markup(clean_html(body, image_hosts=image_hosts()))


def _news_date(moment) -> str:
    return format_date_vi(to_local(moment).date())


def _news_image(url: str | None) -> str | None:
    return url if image_allowed(url, image_hosts()) else None


def news_url(item: NewsItem, **args) -> str:
    endpoint = "news.video" if item.kind == KIND_VIDEO else "news.article"
    return url_for(endpoint, item_id=item.id, slug=item.slug, **args)


def _public(response: Response, *, video: bool) -> Response:
    """The news policy, and the full load a boosted request needs (caching: _cache_rule)."""
    policy = news_policy(CONTENT_SECURITY_POLICY, image_hosts=image_hosts(), video=video)
    if request.headers.get("HX-Boosted") == "true" and policy != CONTENT_SECURITY_POLICY:
        response = redirect_to(request.full_path.rstrip("?"))
    response.headers["Content-Security-Policy"] = policy
    g.news_public = True
    return response


@bp.after_request
def _cache_rule(response: Response) -> Response:
    """Public for five minutes, unless the response is personal or sets a cookie.

    Runs after the view and its template, so it sees what they did to the session; the
    accounts area sets the device cookie later, on a first visit, which is checked here too.
    """
    if not g.get("news_public") or response.status_code != 200:
        return response
    app = current_app._get_current_object()
    if current_user.is_authenticated:
        # The shell carries the person's name and CSRF token: never kept for reuse.
        response.headers["Cache-Control"] = "private, no-cache"
    elif (request.cookies.get(cookie_name(DEVICE_COOKIE)) != device_id()
          or app.session_interface.should_set_cookie(app, session)):
        # A cookie goes out with this response: a shared cache must not keep it.
        response.headers["Cache-Control"] = f"private, max-age={PUBLIC_MAX_AGE}"
    else:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    if not current_user.is_authenticated:
        response.headers[SHELL_HEADER] = "shared"  # no name, bell or token: the service worker may keep it
    response.vary.add("Cookie")  # interface language and signed-in shell
    return response


def _list(kind: str) -> Response:
    page = services.list_page(db.session, kind=kind, page=services.page_number(request.args.get("trang")),
                              now=utcnow())
    return render("news/list.html", block="more", kind=kind, page=page,
                  public_shell=not current_user.is_authenticated)


@bp.get("")
def index() -> Response:
    return _public(_list(KIND_ARTICLE), video=False)


@bp.get("/video")
def videos() -> Response:
    return _public(_list(KIND_VIDEO), video=True)


@bp.get("/<int:item_id>", defaults={"slug": ""})
@bp.get("/<int:item_id>/<slug>")
def article(item_id: int, slug: str) -> Response:
    item = services.get_visible(db.session, item_id=item_id, kind=KIND_ARTICLE, now=utcnow())
    if slug != item.slug:
        return redirect(news_url(item), code=301)
    return _public(render("news/article.html", item=item, public_shell=not current_user.is_authenticated),
                   video=False)


@bp.get("/video/<int:item_id>", defaults={"slug": ""})
@bp.get("/video/<int:item_id>/<slug>")
def video(item_id: int, slug: str) -> Response:
    item = services.get_visible(db.session, item_id=item_id, kind=KIND_VIDEO, now=utcnow())
    if slug != item.slug:
        return redirect(news_url(item), code=301)
    return _public(render("news/video.html", item=item, public_shell=not current_user.is_authenticated),
                   video=True)
