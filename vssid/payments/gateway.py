"""The payment gateway adapter: VNPay's redirect protocol (API version 2.1.0).

Pure functions, no Flask and no network. The merchant sends the payer's browser to the
gateway with `vnp_*` parameters; the gateway answers twice, both signed the same way:
the browser comes back to the return URL (display only) and the gateway calls the
notification URL (IPN) server to server (the only answer that changes an order).

Signing, as VNPay's merchant integration guide and its sample code do it: take the
non-empty `vnp_*` parameters except `vnp_SecureHash`/`vnp_SecureHashType`, sort them by
name, URL-encode names and values with `quote_plus` (space as "+"), join as a query
string, and compute HMAC-SHA512 over it with the merchant's hash secret (hex digest).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote_plus

VERSION = "2.1.0"
HASH_FIELDS = ("vnp_SecureHash", "vnp_SecureHashType")
GATEWAY_TZ = dt.timezone(dt.timedelta(hours=7))  # vnp_CreateDate and the like are GMT+7

# vnp_ResponseCode values the app tells apart (VNPay's table has about 20).
SUCCESS = "00"
CANCELLED_BY_PAYER = "24"

# IPN answers: {"RspCode": ..., "Message": ...}
IPN_OK = ("00", "Confirm Success")
IPN_ALREADY = ("02", "Order already confirmed")
IPN_NOT_FOUND = ("01", "Order not found")
IPN_BAD_AMOUNT = ("04", "Invalid amount")
IPN_BAD_SIGNATURE = ("97", "Invalid signature")
IPN_ERROR = ("99", "Unknown error")


@dataclass(frozen=True)
class GatewayConfig:
    url: str  # the gateway's payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html
    tmn_code: str  # the merchant's terminal code
    hash_secret: str


def canonical_query(params: Mapping[str, object]) -> str:
    """The text that is signed: sorted, non-empty vnp_* parameters, quote_plus-encoded."""
    items = sorted(
        (key, str(value)) for key, value in params.items()
        if key.startswith("vnp_") and key not in HASH_FIELDS and value is not None and str(value) != ""
    )
    return "&".join(f"{quote_plus(key)}={quote_plus(value)}" for key, value in items)


def sign(params: Mapping[str, object], secret: str) -> str:
    return hmac.new(secret.encode(), canonical_query(params).encode(), hashlib.sha512).hexdigest()


def verify(params: Mapping[str, str], secret: str) -> bool:
    """True when `vnp_SecureHash` is the signature of the other parameters (constant time)."""
    given = (params.get("vnp_SecureHash") or "").lower()
    if len(given) != 128:
        return False
    return hmac.compare_digest(given, sign(params, secret))


def signed_query(params: Mapping[str, object], secret: str) -> str:
    return f"{canonical_query(params)}&vnp_SecureHash={sign(params, secret)}"


def gateway_time(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("aware datetime expected")
    return moment.astimezone(GATEWAY_TZ).strftime("%Y%m%d%H%M%S")


def to_gateway_amount(amount_vnd: int) -> str:
    """vnp_Amount is the amount in đồng times 100 (no decimal point)."""
    if not isinstance(amount_vnd, int) or amount_vnd <= 0:
        raise ValueError("amount must be a positive whole number of đồng")
    return str(amount_vnd * 100)


def payment_params(
    config: GatewayConfig, *, reference: str, amount: int, order_info: str, return_url: str, ip: str,
    created_at: dt.datetime, expires_at: dt.datetime, locale: str = "vn",
) -> dict[str, str]:
    """The parameters of the redirect to the gateway (without the signature)."""
    return {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": config.tmn_code,
        "vnp_Amount": to_gateway_amount(amount),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": reference,
        "vnp_OrderInfo": order_info,
        "vnp_OrderType": "billpayment",
        "vnp_Locale": locale,
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": ip or "127.0.0.1",
        "vnp_CreateDate": gateway_time(created_at),
        "vnp_ExpireDate": gateway_time(expires_at),
    }


def payment_url(config: GatewayConfig, **order) -> str:
    """The signed URL to send the payer's browser to."""
    params = payment_params(config, **order)
    separator = "&" if "?" in config.url else "?"
    return f"{config.url}{separator}{signed_query(params, config.hash_secret)}"


@dataclass(frozen=True)
class GatewayResult:
    """What a verified return or notification says about one payment."""

    reference: str
    amount_field: str  # vnp_Amount as sent (đồng × 100)
    response_code: str
    transaction_status: str
    transaction_no: str
    bank_code: str
    tmn_code: str

    @property
    def succeeded(self) -> bool:
        return self.response_code == SUCCESS and self.transaction_status == SUCCESS

    def amount_matches(self, amount_vnd: int) -> bool:
        return self.amount_field == to_gateway_amount(amount_vnd)


def read_result(params: Mapping[str, str], secret: str) -> GatewayResult | None:
    """The result in a return or IPN request, or None when the signature is wrong."""
    if not verify(params, secret):
        return None
    return GatewayResult(
        reference=params.get("vnp_TxnRef", ""), amount_field=params.get("vnp_Amount", ""),
        response_code=params.get("vnp_ResponseCode", ""), transaction_status=params.get("vnp_TransactionStatus", ""),
        transaction_no=params.get("vnp_TransactionNo", "")[:20], bank_code=params.get("vnp_BankCode", "")[:20],
        tmn_code=params.get("vnp_TmnCode", ""),
    )
