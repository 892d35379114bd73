"""The gateway adapter: VNPay's canonical query and HMAC-SHA512 signature."""
from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest

from vssid.payments import gateway
from vssid.payments.orders import add_months, card_period

# VNPay's documented demo parameters and demo secret; the signature was computed apart,
# with `printf '%s' "$QUERY" | openssl dgst -sha512 -hmac "$SECRET"`.
DEMO_SECRET = "RAOEXHYVSDDIIENYWSLDIIZTANXUXZFJ"
DEMO_PARAMS = {
    "vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": "DEMOV210", "vnp_Amount": "1000000",
    "vnp_CurrCode": "VND", "vnp_TxnRef": "5", "vnp_OrderInfo": "Thanh toan don hang :5", "vnp_OrderType": "other",
    "vnp_Locale": "vn", "vnp_ReturnUrl": "https://domainmerchant.vn/ReturnUrl", "vnp_IpAddr": "127.0.0.1",
    "vnp_CreateDate": "20261125103000",
}
DEMO_QUERY = ("vnp_Amount=1000000&vnp_Command=pay&vnp_CreateDate=20261125103000&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1"
              "&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other"
              "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5"
              "&vnp_Version=2.1.0")
DEMO_HASH = ("2dedca68ae0ff135732f146460e5853f92cc4cbd344002d81b51f771392264325fe23b918b37c2a1bb05bc3a202655a10"
             "cb4e06dabc5d503546d64ff679ad935")


def test_canonical_query_sorts_and_quote_plus_encodes():
    assert gateway.canonical_query(DEMO_PARAMS) == DEMO_QUERY


def test_signature_matches_the_known_vector():
    assert gateway.sign(DEMO_PARAMS, DEMO_SECRET) == DEMO_HASH


def test_hash_fields_and_empty_values_are_not_signed():
    extra = {**DEMO_PARAMS, "vnp_BankCode": "", "vnp_SecureHashType": "HmacSHA512", "other": "x"}
    assert gateway.sign(extra, DEMO_SECRET) == DEMO_HASH


def test_verify_accepts_the_signed_and_rejects_any_change():
    signed = {**DEMO_PARAMS, "vnp_SecureHash": DEMO_HASH.upper()}
    assert gateway.verify(signed, DEMO_SECRET)
    assert not gateway.verify({**signed, "vnp_Amount": "100000000"}, DEMO_SECRET)
    assert not gateway.verify(signed, DEMO_SECRET + "x")
    assert not gateway.verify({**DEMO_PARAMS, "vnp_SecureHash": ""}, DEMO_SECRET)
    assert not gateway.verify(DEMO_PARAMS, DEMO_SECRET)


def test_payment_url_carries_the_amount_times_100_and_a_valid_signature():
    config = gateway.GatewayConfig(url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", tmn_code="VSSID001",
                                   hash_secret="0123456789abcdef")
    created = dt.datetime(2026, 11, 25, 3, 30, tzinfo=dt.timezone.utc)
    url = gateway.payment_url(config, reference="261125ABCDEF", amount=2_049_300, order_info="Gia han the",
                              return_url="https://vssid.example/thanh-toan/ket-qua", ip="10.0.0.1",
                              created_at=created, expires_at=created + dt.timedelta(minutes=15))
    parts = urlsplit(url)
    assert parts.netloc == "sandbox.vnpayment.vn"
    params = dict(parse_qsl(parts.query))
    assert params["vnp_Amount"] == "204930000"
    assert params["vnp_CreateDate"] == "20261125103000"  # GMT+7
    assert params["vnp_ExpireDate"] == "20261125104500"
    assert gateway.verify(params, "0123456789abcdef")


@pytest.mark.parametrize("amount", [0, -5, 10.5])
def test_amount_must_be_positive_whole_dong(amount):
    with pytest.raises(ValueError):
        gateway.to_gateway_amount(amount)


def test_card_period_continues_after_a_valid_card_and_starts_today_after_an_ended_one():
    today = dt.date(2026, 11, 25)
    assert card_period(current_valid_to=dt.date(2026, 12, 31), today=today, months=12) == (
        dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert card_period(current_valid_to=dt.date(2026, 11, 25), today=today, months=3) == (
        dt.date(2026, 11, 26), dt.date(2027, 2, 25))
    assert card_period(current_valid_to=dt.date(2026, 11, 24), today=today, months=6) == (
        dt.date(2026, 11, 25), dt.date(2027, 5, 24))


def test_add_months_rolls_a_missing_day_over():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 3, 1)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 3, 1)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28) + dt.timedelta(days=1)
