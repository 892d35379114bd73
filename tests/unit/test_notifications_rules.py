"""Who is told what on which channel, how long retries wait, which subscriptions are taken."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.support.notifications import BrowserKeys
from vssid.core.errors import ValidationError
from vssid.notifications import preferences
from vssid.notifications.models import CHANNELS, KINDS, Notification
from vssid.notifications.push import DEFAULT_PUSH_HOSTS, classify, parse_subscription
from vssid.notifications.services import sms_text


def test_defaults_send_in_app_and_push_but_no_paid_sms_except_for_security():
    assert preferences.channels_for("card", {}) == {"in_app", "push"}
    assert preferences.channels_for("support", {}) == {"in_app", "push"}  # the petition already sends its SMS
    assert preferences.channels_for("security", {}) == set(CHANNELS)


def test_stored_choices_override_the_defaults():
    stored = {("card", "sms"): True, ("card", "push"): False}
    assert preferences.channels_for("card", stored) == {"in_app", "sms"}
    assert preferences.channels_for("announcement", stored) == {"in_app", "push"}  # other kinds untouched


def test_security_notices_cannot_be_turned_off_on_any_channel():
    stored = {("security", channel): False for channel in CHANNELS}
    assert preferences.channels_for("security", stored) == set(CHANNELS)
    assert all(preferences.matrix(stored)["security"].values())


def test_a_route_has_one_push_per_device_and_sms_or_email_only_to_an_address_on_file():
    route = preferences.route("card", stored={("card", "sms"): True, ("card", "email"): True}, phone="0912345678",
                              email=None, devices=[3, 7])
    assert route == preferences.Route(in_inbox=True, deliveries=(("push", 3), ("push", 7), ("sms", None)))
    assert preferences.route("card", stored={}, phone="0912345678", email="an@example.vn", devices=[]) == \
        preferences.Route(in_inbox=True, deliveries=())


def test_a_route_leaves_out_what_the_caller_sent_and_goes_nowhere_when_all_is_off():
    off = {("card", channel): False for channel in CHANNELS}
    assert preferences.route("card", stored=off, phone="0912345678", email="an@example.vn", devices=[1]) is None
    texted = {**off, ("card", "sms"): True}
    assert preferences.route("card", stored=texted, phone="0912345678", email=None, devices=[1],
                             sent_elsewhere=frozenset({"sms"})) is None
    assert preferences.route("card", stored=texted, phone="0912345678", email=None, devices=[1]) == \
        preferences.Route(in_inbox=False, deliveries=(("sms", None),))
    everything_off = {("security", channel): False for channel in CHANNELS}
    assert preferences.route("security", stored=everything_off, phone="0912345678", email="an@example.vn",
                             devices=[1]).deliveries == (("push", 1), ("sms", None), ("email", None))


def test_a_submitted_form_sets_every_unlocked_box_and_ignores_locked_or_unknown_ones():
    wanted = preferences.changes({("card", "sms"), ("security", "push"), ("lottery", "sms"), ("card", "fax")})
    assert wanted[("card", "sms")] is True
    assert wanted[("card", "in_app")] is False  # not ticked means off
    assert not any(kind == "security" for kind, _ in wanted)
    assert len(wanted) == (len(KINDS) - 1) * len(CHANNELS)


def test_unknown_kind_or_channel_is_a_programming_error():
    with pytest.raises(ValueError):
        preferences.enabled("lottery", "push", {})
    with pytest.raises(ValueError):
        preferences.enabled("card", "fax", {})


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (7, 64), (9, 256), (10, 360), (50, 360)])
def test_back_off_doubles_from_one_minute_up_to_six_hours(attempts, minutes):
    assert preferences.backoff(attempts) == dt.timedelta(minutes=minutes)


def test_back_off_counts_failures_from_one_and_gives_up_after_eight():
    with pytest.raises(ValueError):
        preferences.backoff(0)
    assert not preferences.gives_up(7)
    assert preferences.gives_up(8)
    total = sum((preferences.backoff(n) for n in range(1, preferences.MAX_ATTEMPTS)), dt.timedelta())
    assert dt.timedelta(hours=2) <= total <= dt.timedelta(hours=2, minutes=10)


@pytest.mark.parametrize(("status", "outcome"), [
    (201, "sent"), (202, "sent"), (404, "gone"), (410, "gone"), (429, "retry"), (500, "retry"), (503, "retry"),
    (400, "rejected"), (403, "rejected"), (413, "rejected"),
])
def test_push_service_answers(status, outcome):
    assert classify(status) == outcome


KEYS = BrowserKeys()


def test_a_browser_subscription_to_a_known_push_service_is_taken():
    info = parse_subscription(KEYS.subscription("https://fcm.googleapis.com/fcm/send/abc:def"),
                              allowed_hosts=DEFAULT_PUSH_HOSTS)
    assert info.p256dh == KEYS.p256dh and info.auth == KEYS.auth
    parse_subscription(KEYS.subscription("https://updates.push.services.mozilla.com/wpush/v2/x"),
                       allowed_hosts=DEFAULT_PUSH_HOSTS)
    parse_subscription(KEYS.subscription("https://wns2-par02p.notify.windows.com/w/?token=x"),
                       allowed_hosts=DEFAULT_PUSH_HOSTS)


@pytest.mark.parametrize("endpoint", [
    "https://evil.example.com/push",  # not a push service: the worker would POST anywhere
    "https://fcm.googleapis.com.evil.example/push",
    "https://user:pw@fcm.googleapis.com/push",
    "http://fcm.googleapis.com/push",  # plain http
    "http://127.0.0.1:8080/admin",
    "javascript:alert(1)",
    "",
])
def test_subscriptions_elsewhere_are_refused(endpoint):
    with pytest.raises(ValidationError):
        parse_subscription(KEYS.subscription(endpoint), allowed_hosts=DEFAULT_PUSH_HOSTS)


@pytest.mark.parametrize("data", [
    None, [], {"endpoint": "https://fcm.googleapis.com/x"},
    {"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": "not-a-point", "auth": KEYS.auth}},
    {"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": KEYS.p256dh, "auth": "c2hvcnQ"}},
    {"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": 5, "auth": KEYS.auth}},
])
def test_malformed_subscriptions_are_refused(data):
    with pytest.raises(ValidationError):
        parse_subscription(data, allowed_hosts=DEFAULT_PUSH_HOSTS)


def test_loopback_http_is_taken_only_when_allowed():
    loopback = KEYS.subscription("http://127.0.0.1:9999/push/a")
    with pytest.raises(ValidationError):
        parse_subscription(loopback, allowed_hosts=("127.0.0.1",))
    assert parse_subscription(loopback, allowed_hosts=("127.0.0.1",), allow_http=True).endpoint.endswith("/push/a")


def test_sms_text_has_no_diacritics_and_fits_two_messages():
    notice = Notification(title="Thẻ BHYT của bạn sắp hết hạn", body="Đến ngày 31/12/2026. " * 30)
    text = sms_text(notice)
    assert text.startswith("VssID: The BHYT cua ban sap het han. Den ngay 31/12/2026.")
    assert text.isascii() and len(text) <= 306
