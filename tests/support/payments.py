"""Arrange a household that owes its BHYT renewal, a voluntary participant, signed IPNs."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tests.support.card import make_household, vn_today
from tests.support.factories import make_account, make_card, make_facility, make_person
from vssid.accounts.models import Account
from vssid.payments import gateway
from vssid.payments.settings import DEV_HASH_SECRET, DEV_TMN_CODE
from vssid.registry.models import Facility, HealthCard, ParticipationPeriod, Person

CONFIG = gateway.GatewayConfig(url="/sandbox-thanh-toan/vpcpay.html", tmn_code=DEV_TMN_CODE, hash_secret=DEV_HASH_SECRET)


@dataclass
class PayingHousehold:
    parent: Person
    account: Account
    child: Person
    spouse: Person
    cards: dict[str, HealthCard]  # "parent", "child", "spouse"
    facility: Facility


def household_card(session: Session, person: Person, facility: Facility, *, valid_to: dt.date, **overrides) -> HealthCard:
    start = valid_to - dt.timedelta(days=364)
    return make_card(session, person, facility=facility, **{
        "object_code": "GD", "benefit_level": 4, "valid_from": start, "valid_to": valid_to, "issue_date": start,
        **overrides})


def make_paying_household(session: Session, *, today: dt.date | None = None, parent_days: int = 20,
                          child_days: int = -10, spouse_days: int = 200) -> PayingHousehold:
    """A head of household (with an account), a child and a spouse, all on household cards:
    the parent's card ends in `parent_days`, the child's `child_days` (negative: ended)."""
    today = today or vn_today()
    facility = make_facility(session)
    household = make_household(session)
    parent = make_person(session, full_name="Trần Văn Bình", household_id=household.id, relation_to_head="Chủ hộ",
                         birth_year=1985)
    spouse = make_person(session, full_name="Lê Thị Hoa", household_id=household.id, relation_to_head="Vợ",
                         birth_year=1987, gender=2)
    child = make_person(session, full_name="Trần Minh Khoa", household_id=household.id, relation_to_head="Con",
                        guardian_id=parent.id, birth_year=today.year - 8)
    cards = {
        "parent": household_card(session, parent, facility, valid_to=today + dt.timedelta(days=parent_days)),
        "child": household_card(session, child, facility, valid_to=today + dt.timedelta(days=child_days)),
        # She renewed last December, for a year from then: not "paid this year".
        "spouse": household_card(session, spouse, facility, valid_to=today + dt.timedelta(days=spouse_days),
                                 issue_date=dt.date(today.year - 1, 12, 10)),
    }
    account = make_account(session, parent)
    return PayingHousehold(parent=parent, account=account, child=child, spouse=spouse, cards=cards, facility=facility)


def make_voluntary_participant(session: Session, *, last_month: dt.date, wage: int = 3_000_000) -> tuple[Person, Account]:
    person = make_person(session, full_name="Phạm Thị Lan", gender=2)
    session.add(ParticipationPeriod(person_id=person.id, scheme="BHXH", from_month=dt.date(2024, 1, 1),
                                    to_month=last_month, wage=wage, province_code="79", mode="voluntary"))
    account = make_account(session, person)
    session.flush()
    return person, account


def notification(order, *, approve: bool = True, amount: int | None = None, secret: str = DEV_HASH_SECRET,
                 code: str | None = None) -> dict[str, str]:
    """The signed IPN parameters the gateway sends for `order`."""
    params = {
        "vnp_Amount": str((order.amount if amount is None else amount) * 100), "vnp_BankCode": "NCB",
        "vnp_CardType": "ATM", "vnp_OrderInfo": "Thanh toan", "vnp_PayDate": "20261125103000",
        "vnp_ResponseCode": code or ("00" if approve else "51"), "vnp_TmnCode": DEV_TMN_CODE,
        "vnp_TransactionNo": "14226112" if approve else "0",
        "vnp_TransactionStatus": "00" if approve else "02", "vnp_TxnRef": order.reference,
    }
    params["vnp_SecureHash"] = gateway.sign(params, secret)
    return params
