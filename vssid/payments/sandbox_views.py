"""The sandbox gateway (blueprint "payment_sandbox"): a test bank served by the app itself.

Development and tests only (VSSID_PAYMENT_SANDBOX; production refuses it). It plays
VNPay's part with the merchant's own settings: checks the signed redirect, shows a bank
page where the tester approves, declines or cancels, then does what the real gateway
does: calls the notification URL server to server (a real HTTP request to
VSSID_PUBLIC_URL, so the app must serve requests concurrently, as `flask run` and the
test server do) and sends the browser back to the return URL with the signed result.
"""
from __future__ import annotations

import secrets
import urllib.request
from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, Response, abort, current_app, redirect, request
from flask_babel import gettext as _

from vssid.core.db import utcnow
from vssid.payments import gateway
from vssid.payments.web import gateway_config, public_url
from vssid.web.rendering import private, render

bp = Blueprint("payment_sandbox", __name__, url_prefix="/sandbox-thanh-toan")

ACTIONS = {  # button -> (vnp_ResponseCode, vnp_TransactionStatus)
    "approve": (gateway.SUCCESS, gateway.SUCCESS),
    "decline": ("51", "02"),  # "insufficient funds" in VNPay's table
    "cancel": (gateway.CANCELLED_BY_PAYER, "02"),
}


@bp.before_request
def _only_when_enabled() -> None:
    if not current_app.config.get("VSSID_PAYMENT_SANDBOX"):
        abort(404)


def _verified(query: str) -> dict[str, str]:
    params = dict(parse_qsl(query, keep_blank_values=True))
    config = gateway_config()
    if not gateway.verify(params, config.hash_secret) or params.get("vnp_TmnCode") != config.tmn_code:
        abort(400, _("Sai chữ ký giao dịch."))
    return_url = params.get("vnp_ReturnUrl", "")
    public = urlsplit(current_app.config["VSSID_PUBLIC_URL"])
    target = urlsplit(return_url)
    if (target.scheme, target.netloc) != (public.scheme, public.netloc):
        abort(400, _("Địa chỉ trả về không thuộc đơn vị chấp nhận thanh toán."))
    return params


@bp.get("/vpcpay.html")
def pay_page() -> Response:
    params = _verified(request.query_string.decode())
    return private(render("payments/sandbox_bank.html", params=params, query=request.query_string.decode(),
                          amount=int(params.get("vnp_Amount", "0")) // 100))


@bp.post("/vpcpay.html")
def decide() -> Response:
    query = request.form.get("query", "")
    params = _verified(query)
    action = request.form.get("action", "")
    if action not in ACTIONS:
        abort(400)
    response_code, transaction_status = ACTIONS[action]
    result = {
        "vnp_Amount": params["vnp_Amount"], "vnp_BankCode": "NCB", "vnp_CardType": "ATM",
        "vnp_OrderInfo": params.get("vnp_OrderInfo", ""), "vnp_PayDate": gateway.gateway_time(utcnow()),
        "vnp_ResponseCode": response_code, "vnp_TmnCode": params["vnp_TmnCode"],
        "vnp_TransactionNo": f"{secrets.randbelow(10**8):08d}" if action == "approve" else "0",
        "vnp_TransactionStatus": transaction_status, "vnp_TxnRef": params["vnp_TxnRef"],
    }
    if action == "approve":
        result["vnp_BankTranNo"] = f"VNP{secrets.randbelow(10**8):08d}"
    signed = gateway.signed_query(result, gateway_config().hash_secret)
    notify(public_url("pay.ipn") + "?" + signed)
    return redirect(params["vnp_ReturnUrl"] + "?" + signed, code=303)


def notify(url: str) -> None:
    """The server-to-server notification; a failure leaves the order pending (as when the
    real gateway cannot reach the merchant), which the return page then says."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (own configured URL)
            response.read()
    except OSError:
        current_app.logger.warning("sandbox gateway: the notification could not be delivered")
