"""Arrange the hospital gateway for tests: a facility account with an address and a clerk,
and a small HIS client that speaks DOMAIN.md §9 through Flask's test client."""
from __future__ import annotations

import itertools

from sqlalchemy.orm import Session

from tests.support.factories import make_facility
from vssid.accounts.passwords import hash_password
from vssid.gateway.models import GatewayAccount, GatewayAddress, GatewayClerk
from vssid.gateway.rules import md5_hex

HIS_PASSWORD = "mat-khau-cong-giam-dinh"
HIS_IP = "203.0.113.7"
CLERK = ("Nguyễn Thị Lan", "079190001234")
_seq = itertools.count(1)


def make_gateway_account(session: Session, *, facility=None, password: str = HIS_PASSWORD,
                         addresses: tuple[str, ...] = (HIS_IP,), clerks: tuple[tuple[str, str], ...] = (CLERK,),
                         **overrides) -> GatewayAccount:
    facility = facility or make_facility(session, name="Bệnh viện Nhân dân Gia Định")
    account = GatewayAccount(**{"username": f"{facility.code}_BV{next(_seq)}", "facility_code": facility.code,
                                "password_hash": hash_password(md5_hex(password)), **overrides})
    account.addresses = [GatewayAddress(address=a, note="") for a in addresses]
    account.clerks = [GatewayClerk(full_name=name, cccd=cccd) for name, cccd in clerks]
    session.add(account)
    session.flush()
    return account


class His:
    """A hospital's software: takes a token, then calls the egw endpoints with it."""

    def __init__(self, client, username: str, *, password: str = HIS_PASSWORD, ip: str = HIS_IP) -> None:
        self.client, self.username, self.password_md5, self.ip = client, username, md5_hex(password), ip
        self.credentials: dict | None = None

    def take_token(self, *, ip: str | None = None, as_form: bool = False):
        body = {"username": self.username, "password": self.password_md5}
        kwargs = {"data": body} if as_form else {"json": body}
        response = self.client.post("/api/token/take", environ_base={"REMOTE_ADDR": ip or self.ip}, **kwargs)
        if response.status_code == 200:
            key = response.get_json()["APIKey"]
            self.credentials = {"token": key["access_token"], "id_token": key["id_token"], "username": self.username,
                                "password": self.password_md5}
        return response

    def call(self, endpoint: str, body: dict, *, ip: str | None = None, as_form: bool = False,
             credentials: dict | None = None):
        clerk = {"hoTenCb": CLERK[0], "cccdCb": CLERK[1]}
        payload = {**clerk, **body}
        kwargs = {"data": payload} if as_form else {"json": payload}
        return self.client.post(f"/api/egw/{endpoint}", query_string=credentials or self.credentials,
                                environ_base={"REMOTE_ADDR": ip or self.ip}, **kwargs)

    def check(self, body: dict, **kwargs):
        return self.call("KQNhanLichSuKCB2024", body, **kwargs)

    def history(self, body: dict, **kwargs):
        return self.call("Lskcb2025", body, **kwargs)
