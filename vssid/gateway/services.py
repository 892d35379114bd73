"""The hospital gateway (DOMAIN.md §9), Flask-free: tokens, card checks, visit history,
the lookup record; and the facility accounts officers manage in the staff console.

Every function takes a SQLAlchemy Session and keyword-only arguments and owns its
transaction: what changes data commits (docs/ARCHITECTURE.md), or rolls back and raises.
"""
from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, joinedload

from vssid.accounts import audit
from vssid.accounts.audit import Client
from vssid.accounts.passwords import hash_password, needs_rehash, verify_password, waste_time_like_a_verification
from vssid.card.services import birth_of
from vssid.core import retention
from vssid.core.dates import to_local
from vssid.core.errors import NotFound, ValidationError
from vssid.gateway import rules
from vssid.gateway.models import CardLookup, GatewayAccount, GatewayAddress, GatewayClerk, GatewayToken
from vssid.records.icd10_vi import lookup as icd_lookup
from vssid.registry.identifiers import validate_cccd, validate_facility_code
from vssid.registry.models import Facility, HealthCard, MedicalVisit, Person
from vssid.staff.audit_log import record as staff_record

HISTORY_SHOWN = 10  # earlier lookups in dsLichSuKT2018
VISITS_SHOWN = 50  # visits in dsLichSuKCB2025, newest first
HOLDER_LOOKUPS_SHOWN = 20


class AuthError(Exception):
    """401: the account, the token or the address is refused. ``reason`` is for the log;
    ``note`` is what the caller is told (never whether the username exists)."""

    def __init__(self, reason: str, note: str = rules.MESSAGES["401"]) -> None:
        self.reason, self.note = reason, note
        super().__init__(reason)


# --- Tokens ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    id_token: str
    username: str
    expires_at: dt.datetime


def take_token(session: Session, *, username: object, password: object, ip: str, now: dt.datetime,
               minutes: int, secret: str) -> IssuedToken:
    """/api/token/take: the account's password (MD5 hex) checked with argon2id, the
    caller's address among the registered ones; a new token bound to that address."""
    name = username.strip().upper() if isinstance(username, str) else ""
    password_hex = rules.normalise_password(password)
    account = session.scalars(select(GatewayAccount).where(GatewayAccount.username == name)).first() \
        if rules.looks_like_username(name) else None
    if account is None or password_hex is None:
        waste_time_like_a_verification(password_hex or "-")
        raise AuthError("unknown_account" if account is None else "bad_password")
    if not verify_password(account.password_hash, password_hex):
        raise AuthError("bad_password")
    if account.status != "active":
        raise AuthError("disabled", "Tài khoản đã bị khóa. Liên hệ cơ quan BHXH.")
    if not rules.address_allowed(ip, [a.address for a in account.addresses]):
        raise AuthError("address", f"Địa chỉ IP {ip} chưa được đăng ký cho tài khoản này.")
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password_hex)
    session.execute(delete(GatewayToken).where(GatewayToken.account_id == account.id, GatewayToken.expires_at < now))
    access_token, id_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires_at = now + dt.timedelta(minutes=minutes)
    session.add(GatewayToken(token_hash=rules.token_digest(access_token), id_token_hash=rules.token_digest(id_token),
                             password_mac=rules.password_mac(secret, password_hex), account_id=account.id,
                             address=ip[:45], created_at=now, expires_at=expires_at))
    session.commit()
    return IssuedToken(access_token=access_token, id_token=id_token, username=account.username, expires_at=expires_at)


def authenticate(session: Session, *, token: object, id_token: object, username: object, password: object,
                 ip: str, now: dt.datetime, secret: str) -> GatewayAccount:
    """The query-string credentials of a lookup: a live token of this account, taken from
    this very address (still registered), with the id_token and password given at take."""
    if not all(isinstance(v, str) and 0 < len(v) <= 200 for v in (token, id_token, username, password)):
        raise AuthError("missing")
    row = session.scalars(select(GatewayToken).where(GatewayToken.token_hash == rules.token_digest(token))).first()
    if row is None:
        raise AuthError("unknown_token")
    password_hex = rules.normalise_password(password) or "-"
    checks = (
        hmac.compare_digest(row.id_token_hash, rules.token_digest(id_token)),
        row.account.username == username.strip().upper(),
        hmac.compare_digest(row.password_mac, rules.password_mac(secret, password_hex)),
    )
    if not all(checks):
        raise AuthError("credentials")
    if row.expires_at <= now:
        raise AuthError("expired", "Token đã hết hạn. Lấy token mới tại /api/token/take.")
    if row.address != ip:
        raise AuthError("address", f"Token không được cấp cho địa chỉ IP {ip}.")
    account = row.account
    if account.status != "active":
        raise AuthError("disabled", "Tài khoản đã bị khóa. Liên hệ cơ quan BHXH.")
    if not rules.address_allowed(ip, [a.address for a in account.addresses]):
        raise AuthError("address", f"Địa chỉ IP {ip} chưa được đăng ký cho tài khoản này.")
    return account


def record_refusal(session: Session, *, error: AuthError, username: object, client: Client, path: str) -> None:
    """A refused token or lookup, in the audit log (who tried which account from where)."""
    session.rollback()
    audit.record(session, "gateway_refused", client=client, subject=rules.printable(username, 20),
                 reason=error.reason, path=path)
    session.commit()


# --- Card check -----------------------------------------------------------------------------


@dataclass
class CardAnswer:
    """The answer of KQNhanLichSuKCB2024, field for field (DOMAIN.md §9)."""

    maKetQua: str
    ghiChu: str
    maThe: str | None = None
    hoTen: str | None = None
    ngaySinh: str | None = None
    gioiTinh: str | None = None
    diaChi: str | None = None
    maDKBD: str | None = None
    cqBHXH: str | None = None
    gtTheTu: str | None = None
    gtTheDen: str | None = None
    maKV: str | None = None
    ngayDu5Nam: str | None = None
    maSoBHXH: str | None = None
    maTheCu: str | None = None
    maTheMoi: str | None = None
    gtTheTuMoi: str | None = None
    gtTheDenMoi: str | None = None
    maDKBDMoi: str | None = None
    tenDKBDMoi: str | None = None
    dsLichSuKCB2018: None = None  # VSS moved the visit history to Lskcb2025
    dsLichSuKT2018: list[dict] | None = None
    person_id: int | None = field(default=None, repr=False)

    def as_json(self) -> dict:
        data = dict(self.__dict__)
        data.pop("person_id")
        return data


def _usable_first(cards: list[HealthCard], today: dt.date) -> HealthCard | None:
    """The holder's current card: an active card valid today, else the active one ending last."""
    active = [c for c in cards if c.status == "active"]
    valid = [c for c in active if c.valid_from <= today <= c.valid_to]
    return (valid or active or [None])[0]


def check_card(session: Session, *, account: GatewayAccount, values: dict, today: dt.date) -> CardAnswer:
    """KQNhanLichSuKCB2024 without the record (``lookup`` records it)."""
    try:
        sent = rules.parse_lookup(values)
    except rules.BadParameter as exc:
        return CardAnswer("205", f"{rules.MESSAGES['205']} {exc.message}")
    registered = session.scalars(select(GatewayClerk.full_name).where(
        GatewayClerk.account_id == account.id, GatewayClerk.cccd == sent.clerk_cccd)).first()
    verdict = rules.clerk_verdict(sent_name=sent.clerk_name, registered_name=registered)
    if verdict:
        return CardAnswer(verdict, rules.MESSAGES[verdict])
    cards = session.scalars(
        select(HealthCard).options(joinedload(HealthCard.person), joinedload(HealthCard.facility),
                                   joinedload(HealthCard.issuing_office))
        .where(HealthCard.card_number == sent.ma_so)
        .order_by(HealthCard.valid_to.desc(), HealthCard.id.desc())
    ).unique().all()
    if not cards:
        return CardAnswer("050", rules.MESSAGES["050"])
    person = cards[0].person
    current = _usable_first(cards, today) or cards[0]

    def refuse(code: str) -> CardAnswer:
        return CardAnswer(code, rules.MESSAGES[code], person_id=person.id)

    if len(sent.card_code) == 15:
        referenced = next((c for c in cards if c.legacy_code == sent.card_code), None)
        if referenced is None:
            verdict = rules.code_parts_verdict(sent.card_code, object_code=current.object_code,
                                               benefit_level=current.benefit_level,
                                               province_code=current.province_code)
            return refuse(verdict or "051")
    else:
        referenced = current
    if referenced.object_code in rules.MINISTRY_CODES:
        return refuse(rules.MINISTRY_CODES[referenced.object_code])
    verdict = rules.name_verdict(sent.full_name, person.full_name)
    if verdict:
        return refuse(verdict)
    if sent.birth != birth_of(person):
        return refuse("070")
    return _describe(session, person=person, card=referenced, current=current, today=today)


def _describe(session: Session, *, person: Person, card: HealthCard, current: HealthCard,
              today: dt.date) -> CardAnswer:
    birth = birth_of(person).format()
    answer = CardAnswer(
        "000", "", maThe=card.legacy_code, hoTen=person.full_name, ngaySinh=birth,
        gioiTinh=rules.gender_text(person.gender), diaChi=person.address, maDKBD=card.facility_code,
        cqBHXH=card.issuing_office.name if card.issuing_office else None,
        gtTheTu=rules.date_text(card.valid_from), gtTheDen=rules.date_text(card.valid_to), maKV=card.area_code or "",
        ngayDu5Nam=rules.date_text(card.five_years_date), maSoBHXH=person.ma_so, person_id=person.id,
    )
    newer = current is not card and current.status == "active" and current.valid_to > card.valid_to
    if card.status in rules.STATUS_CODES and not newer:
        answer.maKetQua = rules.STATUS_CODES[card.status]
        answer.ghiChu = rules.MESSAGES[answer.maKetQua]
        return answer
    if newer:
        answer.maKetQua = "003" if today > card.valid_to else "004"
        answer.maTheCu, answer.maTheMoi = card.legacy_code, current.legacy_code
        answer.gtTheTuMoi, answer.gtTheDenMoi = rules.date_text(current.valid_from), rules.date_text(current.valid_to)
        answer.maDKBDMoi, answer.tenDKBDMoi = current.facility_code, current.facility.name
        answer.ghiChu = rules.new_card_note(answer.maKetQua, new_code=current.legacy_code,
                                            valid_from=current.valid_from, valid_to=current.valid_to,
                                            facility_code=current.facility_code, facility_name=current.facility.name)
        return answer
    answer.maKetQua = rules.verdict_for_dates(valid_from=card.valid_from, valid_to=card.valid_to, today=today)
    answer.ghiChu = rules.card_note(answer.maKetQua, full_name=person.full_name, birth=birth, gender=person.gender,
                                    address=person.address, facility_code=card.facility_code,
                                    valid_from=card.valid_from, valid_to=card.valid_to,
                                    five_years=card.five_years_date, today=today)
    return answer


# --- The lookup record ------------------------------------------------------------------------


def earlier_lookups(session: Session, *, person_id: int) -> list[dict]:
    """dsLichSuKT2018: who looked this card up before, newest first."""
    rows = session.execute(
        select(CardLookup.at, CardLookup.result_code, CardLookup.message, GatewayAccount.username)
        .join(GatewayAccount, GatewayAccount.id == CardLookup.account_id)
        .where(CardLookup.person_id == person_id)
        .order_by(CardLookup.at.desc(), CardLookup.id.desc()).limit(HISTORY_SHOWN)
    ).all()
    return [{"userKT": r.username, "thoiGianKT": rules.moment_text(r.at), "thongBao": r.message, "maLoi": r.result_code}
            for r in rows]


def record_lookup(session: Session, *, account: GatewayAccount, values: dict, kind: str, result_code: str,
                  person_id: int | None, ip: str, now: dt.datetime) -> None:
    def text(name: str, size: int, *, joiner: str = "") -> str:
        value = values.get(name)
        return joiner.join(value.split())[:size] if isinstance(value, str) else ""

    session.add(CardLookup(
        at=now, account_id=account.id, facility_code=account.facility_code,
        clerk_name=text("hoTenCb", 120, joiner=" "), clerk_cccd=text("cccdCb", 12),
        card_code=text("maThe", 15).upper(), person_id=person_id, kind=kind,
        result_code=result_code, message=rules.MESSAGES.get(result_code, "")[:200], address=ip[:45],
    ))


def lookup_card(session: Session, *, account: GatewayAccount, values: dict, ip: str, now: dt.datetime) -> dict:
    """KQNhanLichSuKCB2024: the answer (with earlier lookups when the holder was identified),
    and this lookup recorded."""
    answer = check_card(session, account=account, values=values, today=to_local(now).date())
    if answer.maKetQua in rules.IDENTIFIED:
        answer.dsLichSuKT2018 = earlier_lookups(session, person_id=answer.person_id)
    if answer.maKetQua not in ("205",):
        record_lookup(session, account=account, values=values, kind="the", result_code=answer.maKetQua,
                      person_id=answer.person_id, ip=ip, now=now)
    session.commit()
    return answer.as_json()


def visit_history(session: Session, *, account: GatewayAccount, values: dict, ip: str, now: dt.datetime) -> dict:
    """Lskcb2025: the holder's BHYT visits, newest first, once the card check identified them."""
    answer = check_card(session, account=account, values=values, today=to_local(now).date())
    if answer.maKetQua != "205":
        record_lookup(session, account=account, values=values, kind="lskcb", result_code=answer.maKetQua,
                      person_id=answer.person_id, ip=ip, now=now)
    session.commit()
    if answer.maKetQua not in rules.IDENTIFIED:
        return {"maKetQua": answer.maKetQua, "ghiChu": answer.ghiChu, "dsLichSuKCB2025": None}
    visits = session.scalars(
        select(MedicalVisit).where(MedicalVisit.person_id == answer.person_id)
        .order_by(MedicalVisit.admitted_at.desc(), MedicalVisit.id.desc()).limit(VISITS_SHOWN)
    ).all()
    return {"maKetQua": "000", "ghiChu": None, "dsLichSuKCB2025": [_visit(v) for v in visits]}


def _visit(visit: MedicalVisit) -> dict:
    diagnosis = icd_lookup(visit.main_icd)
    return {
        "maHoSo": str(visit.id), "maCSKCB": visit.facility_code, "ngayVao": rules.moment_text(visit.admitted_at),
        "ngayRa": rules.moment_text(visit.discharged_at),
        "tenBenh": f"{diagnosis.code} - {diagnosis.name}" if diagnosis.name else diagnosis.code,
        "tinhTrang": str(visit.discharge_type), "kqDieuTri": str(visit.treatment_result),
        "lyDoVV": _ADMISSION_REASON.get(visit.visit_type, ""),
    }


# lyDoVV (reason of the visit) as HIS print it, from the visit type (MA_LOAI_KCB, QĐ 130/QĐ-BYT).
_ADMISSION_REASON = {"01": "Khám bệnh", "02": "Điều trị ngoại trú", "03": "Điều trị nội trú"}


@dataclass(frozen=True)
class HolderLookup:
    at: dt.datetime
    facility_name: str
    facility_code: str
    result_code: str
    identified: bool
    kind: str


def holder_lookups(session: Session, *, person_id: int, limit: int = HOLDER_LOOKUPS_SHOWN) -> list[HolderLookup]:
    """"Ai đã tra cứu thẻ của tôi": the facilities that looked the person's card up, newest first."""
    rows = session.execute(
        select(CardLookup.at, CardLookup.result_code, CardLookup.kind, Facility.code, Facility.name)
        .join(Facility, Facility.code == CardLookup.facility_code)
        .where(CardLookup.person_id == person_id)
        .order_by(CardLookup.at.desc(), CardLookup.id.desc()).limit(limit)
    ).all()
    return [HolderLookup(at=r.at, facility_name=r.name, facility_code=r.code, result_code=r.result_code,
                         identified=r.result_code in rules.IDENTIFIED, kind=r.kind) for r in rows]


# --- Retention (`flask gateway purge-lookups`) -----------------------------------------------

# Card lookups are the gateway's access log: SECURITY.md keeps logs at least 12 months (Nghị định
# 53/2022/NĐ-CP, as it cites it), so a shorter retention is refused. The default of 730 days
# (vssid/config.py) is the project's choice, not a figure any cited source sets.
LOOKUP_RETENTION_MIN_DAYS = 365


def purge_lookups(session: Session, *, now: dt.datetime, days: int, batch: int = retention.DEFAULT_BATCH) -> int:
    """Delete card lookups older than ``days`` (a batch per transaction) and audit the run; the
    number deleted. Refuses ``days`` under LOOKUP_RETENTION_MIN_DAYS (ValidationError)."""
    before = retention.cutoff(now=now, days=days, minimum_days=LOOKUP_RETENTION_MIN_DAYS,
                              setting="VSSID_GATEWAY_LOOKUP_RETENTION_DAYS")
    deleted = retention.purge_before(session, CardLookup.at, before=before, batch=batch)
    audit.record(session, "gateway_lookups_purged", deleted=deleted, retention_days=days, before=before.isoformat())
    session.commit()
    return deleted


# --- Facility accounts (staff console) --------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    account: GatewayAccount
    addresses: int
    clerks: int
    last_lookup: dt.datetime | None


ACCOUNTS_PER_PAGE = 50


def all_accounts(session: Session, *, query: str = "", page: int = 1) -> tuple[list[AccountRow], bool]:
    """A page of accounts by name (names start with the facility code, so a code prefix
    finds a facility's accounts), and whether a next page exists."""
    addresses = select(func.count(GatewayAddress.id)).where(GatewayAddress.account_id == GatewayAccount.id)
    clerks = select(func.count(GatewayClerk.id)).where(GatewayClerk.account_id == GatewayAccount.id)
    last = select(func.max(CardLookup.at)).where(CardLookup.account_id == GatewayAccount.id)
    statement = select(GatewayAccount, addresses.scalar_subquery(), clerks.scalar_subquery(), last.scalar_subquery())
    prefix = "".join(query.split()).upper().replace("-", "")
    if prefix and rules.looks_like_username(prefix):
        statement = statement.where(GatewayAccount.username.startswith(prefix, autoescape=True))
    elif prefix:
        return [], False
    rows = session.execute(statement.order_by(GatewayAccount.username)
                           .offset((page - 1) * ACCOUNTS_PER_PAGE).limit(ACCOUNTS_PER_PAGE + 1)).all()
    return [AccountRow(account=a, addresses=n_addr, clerks=n_clerk, last_lookup=_aware(last_at))
            for a, n_addr, n_clerk, last_at in rows[:ACCOUNTS_PER_PAGE]], len(rows) > ACCOUNTS_PER_PAGE


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.timezone.utc)


def get_account(session: Session, account_id: int) -> GatewayAccount:
    account = session.get(GatewayAccount, account_id)
    if account is None:
        raise NotFound("Không tìm thấy tài khoản cổng giám định này.")
    return account


def account_lookups(session: Session, *, account_id: int, limit: int = 20) -> list[CardLookup]:
    return list(session.scalars(
        select(CardLookup).where(CardLookup.account_id == account_id)
        .order_by(CardLookup.at.desc(), CardLookup.id.desc()).limit(limit)
    ).all())


def new_password() -> str:
    """A random password for the facility (≈120 bits), shown once to the officer."""
    return secrets.token_urlsafe(15)


def create_account(session: Session, *, facility_code: str, username: str, staff_id: int, client: Client | None,
                   now: dt.datetime) -> tuple[GatewayAccount, str]:
    try:
        code = validate_facility_code(facility_code)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="facility_code") from None
    if session.get(Facility, code) is None:
        raise ValidationError(f"Không có cơ sở KCB mã {code} trong danh bạ.", field="facility_code")
    name = rules.validate_username(username, facility_code=code)
    if session.scalars(select(GatewayAccount.id).where(GatewayAccount.username == name)).first() is not None:
        raise ValidationError(f"Tài khoản {name} đã tồn tại.", field="username")
    password = new_password()
    account = GatewayAccount(username=name, facility_code=code, password_hash=hash_password(rules.md5_hex(password)),
                             created_at=now, created_by=staff_id, password_changed_at=now)
    session.add(account)
    session.flush()
    staff_record(session, "gateway_account_created", staff_id=staff_id, client=client, subject=name,
                 facility=code)
    session.commit()
    return account, password


def reset_password(session: Session, *, account_id: int, staff_id: int, client: Client | None,
                   now: dt.datetime) -> tuple[GatewayAccount, str]:
    """A new password; every token of the account ends at once."""
    account = get_account(session, account_id)
    password = new_password()
    account.password_hash = hash_password(rules.md5_hex(password))
    account.password_changed_at = now
    session.execute(delete(GatewayToken).where(GatewayToken.account_id == account.id))
    staff_record(session, "gateway_password_reset", staff_id=staff_id, client=client, subject=account.username)
    session.commit()
    return account, password


def set_status(session: Session, *, account_id: int, active: bool, staff_id: int, client: Client | None) -> None:
    account = get_account(session, account_id)
    account.status = "active" if active else "disabled"
    if not active:
        session.execute(delete(GatewayToken).where(GatewayToken.account_id == account.id))
    staff_record(session, "gateway_account_status", staff_id=staff_id, client=client, subject=account.username,
                 status=account.status)
    session.commit()


def add_address(session: Session, *, account_id: int, address: str, note: str, staff_id: int,
                client: Client | None) -> GatewayAddress:
    account = get_account(session, account_id)
    value = rules.normalise_address(address)
    if any(a.address == value for a in account.addresses):
        raise ValidationError(f"Địa chỉ {value} đã được đăng ký.", field="address")
    if len(note.strip()) > 120:
        raise ValidationError("Ghi chú dài tối đa 120 ký tự.", field="note")
    if rules.has_control_characters(note.strip()):
        raise ValidationError("Ghi chú chứa ký tự không hợp lệ.", field="note")
    row = GatewayAddress(account_id=account.id, address=value, note=" ".join(note.split()))
    account.addresses.append(row)
    session.flush()
    staff_record(session, "gateway_address_added", staff_id=staff_id, client=client, subject=account.username,
                 address=value)
    session.commit()
    return row


def remove_address(session: Session, *, account_id: int, address_id: int, staff_id: int,
                   client: Client | None) -> None:
    account = get_account(session, account_id)
    row = next((a for a in account.addresses if a.id == address_id), None)
    if row is None:
        raise NotFound("Địa chỉ này không còn trong danh sách.")
    account.addresses.remove(row)
    # Tokens taken from that address end with it.
    session.execute(delete(GatewayToken).where(GatewayToken.account_id == account.id))
    staff_record(session, "gateway_address_removed", staff_id=staff_id, client=client, subject=account.username,
                 address=row.address)
    session.commit()


def add_clerk(session: Session, *, account_id: int, full_name: str, cccd: str, staff_id: int,
              client: Client | None) -> GatewayClerk:
    account = get_account(session, account_id)
    name = " ".join(full_name.split())
    if not name:
        raise ValidationError("Nhập họ và tên của nhân viên.", field="full_name")
    if rules.has_control_characters(name):
        raise ValidationError("Họ và tên chứa ký tự không hợp lệ.", field="full_name")
    if len(name) > rules.MAX_NAME:
        raise ValidationError(f"Họ và tên dài tối đa {rules.MAX_NAME} ký tự.", field="full_name")
    try:
        number = validate_cccd(cccd)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="cccd") from None
    if any(c.cccd == number for c in account.clerks):
        raise ValidationError(f"Số CCCD {number} đã được đăng ký cho tài khoản này.", field="cccd")
    row = GatewayClerk(account_id=account.id, full_name=name, cccd=number)
    account.clerks.append(row)
    session.flush()
    staff_record(session, "gateway_clerk_added", staff_id=staff_id, client=client, subject=account.username,
                 clerk=f"{name} ({number[-4:]})")
    session.commit()
    return row


def remove_clerk(session: Session, *, account_id: int, clerk_id: int, staff_id: int, client: Client | None) -> None:
    account = get_account(session, account_id)
    row = next((c for c in account.clerks if c.id == clerk_id), None)
    if row is None:
        raise NotFound("Nhân viên này không còn trong danh sách.")
    account.clerks.remove(row)
    staff_record(session, "gateway_clerk_removed", staff_id=staff_id, client=client, subject=account.username,
                 clerk=f"{row.full_name} ({row.cccd[-4:]})")
    session.commit()
