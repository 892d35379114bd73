"""The gateway API hospital software calls (blueprint "gateway", /api; DOMAIN.md §9).

Token-authenticated JSON endpoints: no CSRF (no cookie authenticates them), no cookie
set, nothing cached. Bodies are JSON or a form; credentials of the lookups come in the
query string, as VSS's gateway takes them. Every answer is JSON, errors included.
Also the template global `card_lookups(person_id)` the card page's
"Ai đã tra cứu thẻ của tôi" list uses.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, g, jsonify, request
from flask.blueprints import BlueprintSetupState

from vssid.accounts.audit import Client
from vssid.core.db import utcnow
from vssid.extensions import csrf, db, limiter
from vssid.gateway import rules, services
from vssid.gateway.openapi import spec
from vssid.web.errors import answer_errors_as_json

bp = Blueprint("gateway", __name__, url_prefix="/api")
csrf.exempt(bp)
LOOKUPS = frozenset({"gateway.card_check", "gateway.visit_history"})

MAX_BODY = 16 * 1024
DEFAULTS = {"VSSID_GATEWAY_TOKEN_MINUTES": 10, "VSSID_GATEWAY_TOKEN_LIMIT": "10 per minute;100 per hour",
            "VSSID_GATEWAY_LOOKUP_LIMIT": "120 per minute;5000 per hour", "VSSID_GATEWAY_IP_LIMIT": "600 per minute"}


def setting(name: str):
    return current_app.config.get(name, DEFAULTS[name])


def _values() -> dict:
    """The request body as a dict: a JSON object, or a form (urlencoded or multipart)."""
    if "values" not in g:
        g.values = {}
        if (request.content_length or 0) <= MAX_BODY:
            if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                g.values = request.form.to_dict()
            else:
                data = request.get_json(force=True, silent=True)
                g.values = data if isinstance(data, dict) else {}
    return g.values


def _account_key() -> str:
    """Flask-Limiter key of the lookups: the account named in the query string. Only
    authenticated answers count (``_authenticated``), so nobody can use up a hospital's
    allowance by sending its username with a wrong token."""
    name = request.args.get("username")
    return f"gateway:{str(name).strip().upper()[:40]}" if name else f"gateway-ip:{request.remote_addr}"


def _token_key() -> str:
    """Key of /api/token/take: the account named in the body *and* the caller's address, so
    wrong passwords from elsewhere cannot lock the hospital out of its own tokens (the
    password is random, 120 bits: per-address limits are enough against guessing)."""
    name = _values().get("username")
    name = str(name).strip().upper()[:40] if name else ""
    return f"gateway-token:{name}:{request.remote_addr}"


def _authenticated(response: Response) -> bool:
    return response.status_code != 401


def _ip() -> str:
    return request.remote_addr or ""


def _answer(data: dict, status: int = 200) -> Response:
    response = jsonify(data)
    response.status_code = status
    return response


def _refused(exc: services.AuthError, username: object) -> None:
    services.record_refusal(db.session, error=exc, username=username, path=request.path, client=Client(
        ip=_ip(), user_agent=request.headers.get("User-Agent", "")[:300], device_hash=""))


@bp.before_request
def _stateless() -> None:
    g.no_cookies = True  # vssid/accounts/web.py sets no device cookie on these answers


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/token/take")
@limiter.limit(lambda: setting("VSSID_GATEWAY_TOKEN_LIMIT"), key_func=_token_key)
@limiter.limit(lambda: setting("VSSID_GATEWAY_IP_LIMIT"))
def take_token() -> Response:
    values = _values()
    try:
        issued = services.take_token(db.session, username=values.get("username"), password=values.get("password"),
                                     ip=_ip(), now=utcnow(), minutes=int(setting("VSSID_GATEWAY_TOKEN_MINUTES")),
                                     secret=current_app.config["SECRET_KEY"])
    except services.AuthError as exc:
        _refused(exc, values.get("username"))
        return _answer({"maKetQua": "401", "ghiChu": exc.note, "APIKey": None}, 401)
    return _answer({"maKetQua": "200", "APIKey": {
        "access_token": issued.access_token, "id_token": issued.id_token, "token_type": "Bearer",
        "username": issued.username, "expires_in": services.rules.expires_text(issued.expires_at)}})


def _lookup(service) -> Response:
    args = request.args
    try:
        account = services.authenticate(db.session, token=args.get("token"), id_token=args.get("id_token"),
                                        username=args.get("username"), password=args.get("password"), ip=_ip(),
                                        now=utcnow(), secret=current_app.config["SECRET_KEY"])
    except services.AuthError as exc:
        _refused(exc, args.get("username"))
        return _answer({"maKetQua": "401", "ghiChu": exc.note}, 401)
    return _answer(service(db.session, account=account, values=_values(), ip=_ip(), now=utcnow()))


@bp.post("/egw/KQNhanLichSuKCB2024")
@limiter.limit(lambda: setting("VSSID_GATEWAY_LOOKUP_LIMIT"), key_func=_account_key, deduct_when=_authenticated)
@limiter.limit(lambda: setting("VSSID_GATEWAY_IP_LIMIT"))
def card_check() -> Response:
    return _lookup(services.lookup_card)


@bp.post("/egw/Lskcb2025")
@limiter.limit(lambda: setting("VSSID_GATEWAY_LOOKUP_LIMIT"), key_func=_account_key, deduct_when=_authenticated)
@limiter.limit(lambda: setting("VSSID_GATEWAY_IP_LIMIT"))
def visit_history() -> Response:
    return _lookup(services.visit_history)


@bp.get("/openapi.json")
def openapi() -> Response:
    return _answer(spec())


def error_answer(status: int) -> Response:
    """Every error under /api, whichever handler of vssid/web/errors.py or observability.py
    caught it (unknown path, wrong method, too large, 429, 500, the database outage's 503):
    JSON in the protocol's shape. Those handlers add Allow and Retry-After."""
    g.no_cookies = True  # also for paths no route of this blueprint matched
    code, note = rules.http_error(status, lookup=request.endpoint in LOOKUPS)
    response = _answer({"maKetQua": code, "ghiChu": note}, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.record_once
def _answer_errors(state: BlueprintSetupState) -> None:
    answer_errors_as_json(state.app, bp.url_prefix, error_answer)


@bp.app_template_global("card_lookups")
def card_lookups(person_id: int) -> list[services.HolderLookup]:
    """Who looked up the card of ``person_id`` (the card page has already checked that the
    signed-in holder may see this person's card)."""
    return services.holder_lookups(db.session, person_id=person_id)
