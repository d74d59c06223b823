"""Quotas: reserve at admission, settle or refund at the end, alerts, limits, reconcile.

Reservations, settlements and refunds are recorded in the audit event of the job's own change
(`job.received`, its terminal event, `job.reinstated`: a `quota` field, see `entry_audit`), in the same
transaction; alerts and limit changes have events of their own.

The reservation's ledger entry is written inside the transaction that admits the job (generation's
`job_admitted`), so a job exists exactly when its reservation does. Each counter cell a limit watches
is moved with one conditional UPDATE (`used + amount <= limit`): on PostgreSQL the row lock makes
concurrent requests queue on the cell and re-check the condition, on SQLite writes are serialised, so a
limit is never overshot. Cells are locked in one sorted order, and a transaction that also appends to
the audit log (a settlement, an alert, a reservation in a caller's transaction, a limit set) locks the
tenant's audit chain head before any cell (`hold_chain`), as a transaction that appends first does; so
two requests never wait on each other in a circle (the lock order: a tenant's claim lock, its chain head,
its cells in sorted order). On PostgreSQL the counters are moved just before the job's transaction, in a short
transaction of their own (`job_claim`, see "Claims"), and given back if the job's transaction fails.
Settlement and refund run in the transaction of the job's terminal transition (generation.signals.
job_finished): no terminal state can forget them.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Field, Q, Sum
from django.db.models.functions import Greatest
from django.utils import timezone

from audit.events import Actor, EventType
from audit.services import hold_chain, record_event
from controlplane.quotas import in_force
from controlplane.quotas.in_force import DEFAULT_CURRENCY
from controlplane.quotas.models import EntryKind, ModelPrice, QuotaLimit, UsageCounter, UsageEntry
from controlplane.tenants.models import ApiKey
from foundation.errors import ServiceError
from foundation.network import url_fingerprint
from generation.models import Backend, GenerationJob

QUOTAS = Actor.system("quotas")
ALERT_LEVELS = (80, 100)
# (QuotaLimit field, counter metric, window kind)
LIMITS: tuple[tuple[str, str, str], ...] = (
    ("images_per_day", "images", "day"),
    ("images_per_month", "images", "month"),
    ("gpu_seconds_per_month", "gpu_seconds", "month"),
    ("spend_micros_per_month", "spend_micros", "month"),
    ("concurrent_jobs", "jobs", "now"),
)
_ENTRY_FIELD = {
    "images": "images",
    "gpu_seconds": "gpu_seconds",
    "spend_micros": "spend_micros",
    "jobs": "jobs",
}


class InsufficientQuota(ServiceError):
    """A limit would be exceeded: 429 `insufficient_quota`, naming the limit and when it resets."""

    code = "insufficient_quota"
    status = 429

    def __init__(self, message: str, *, limit: str, resets_at: datetime | None) -> None:
        super().__init__(message)
        self.limit = limit
        self.resets_at = resets_at
        resets = resets_at.isoformat().replace("+00:00", "Z") if resets_at else None
        self.extra = {"limit": limit, "resets_at": resets}
        # Retrying at once cannot help: the SDK would retry a 429 unless told not to.
        self.http_headers = {"x-should-retry": "false"}


class ModelNotAllowedForKey(ServiceError):
    code = "model_not_allowed"
    status = 403


class ModelNotPriced(ServiceError):
    """A spend limit watches the job, and its licensed model has no price in the tenant's currency."""

    code = "model_not_priced"
    status = 403


# Windows -----------------------------------------------------------------------------------------


def _month(day: date) -> str:
    return f"{day:%Y-%m}"


def _window(kind: str, day: date) -> str:
    return {"day": f"day:{day.isoformat()}", "month": f"month:{_month(day)}", "now": "now"}[kind]


window_of = _window  # the cell windows of a day, for what selectors report


def _resets_at(kind: str, day: date) -> datetime | None:
    if kind == "day":
        start = day + timedelta(days=1)
    elif kind == "month":
        start = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    else:
        return None  # a running job ends
    return datetime(start.year, start.month, start.day, tzinfo=UTC)


# Who is limited ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    subject: str
    metric: str
    window: str
    limit: int
    field: str
    kind: str


CellUse = dict[tuple[str, str, str], int]  # (subject, metric, window) -> what the cell holds


def subject_of(limit: QuotaLimit, *, end_user: str) -> str:
    """The counter subject of a limit row: the tenant, a key (with every key made from it: what they use
    counts against the limits of the keys they were made from, `in_force.key_lineage`), or an end user
    (of the tenant, or within a key and the keys made from it)."""
    if limit.end_user:
        return f"user:{limit.api_key_id or '*'}:{end_user}"
    return f"key:{limit.api_key_id}" if limit.api_key_id else "tenant"


def _cells(limits: list[QuotaLimit], *, end_user: str, day: date) -> list[Cell]:
    cells = [
        Cell(
            subject=subject_of(limit, end_user=end_user),
            metric=metric,
            window=_window(kind, day),
            limit=getattr(limit, field),
            field=field,
            kind=kind,
        )
        for limit in limits
        for field, metric, kind in LIMITS
        if getattr(limit, field) is not None
    ]
    return sorted(cells, key=lambda cell: (cell.subject, cell.metric, cell.window))


def _entries_filter(subject: str, window: str) -> Q:
    """Which of a tenant's ledger entries a counter cell sums."""
    where = Q()
    if subject.startswith("key:"):
        where &= Q(api_key_id__in=_key_and_descendants(int(subject.removeprefix("key:"))))
    elif subject.startswith("user:"):
        key, _, name = subject.removeprefix("user:").partition(":")
        where &= Q(end_user=name)
        if key != "*":
            where &= Q(api_key_id__in=_key_and_descendants(int(key)))
    if window.startswith("day:"):
        where &= Q(day=window.removeprefix("day:"))
    elif window.startswith("month:"):
        where &= Q(month=window.removeprefix("month:"))
    return where


def _key_and_descendants(api_key_id: int) -> list[int]:
    """The key and every key made from it, at any depth (the keys whose entries a key's cells sum)."""
    found, level = [api_key_id], [api_key_id]
    while level:
        level = [pk for pk in ApiKey.objects.filter(parent_id__in=level).values_list("pk", flat=True)]
        level = [pk for pk in level if pk not in found]
        found += level
    return found


def ledger_sum(tenant: Any, subject: str, metric: str, window: str) -> int:
    entries = UsageEntry.objects.filter(_entries_filter(subject, window), tenant=tenant)
    total = entries.aggregate(total=Sum(_ENTRY_FIELD[metric]))["total"]
    return max(int(total or 0), 0)


def _counter(tenant: Any, cell: Cell) -> UsageCounter:
    """The counter of a cell; a new one starts from the ledger (a limit set mid-month counts what was
    already used)."""
    existing = UsageCounter.objects.filter(
        tenant=tenant, subject=cell.subject, metric=cell.metric, window=cell.window
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return UsageCounter.objects.create(
                tenant=tenant,
                subject=cell.subject,
                metric=cell.metric,
                window=cell.window,
                used=ledger_sum(tenant, cell.subject, cell.metric, cell.window),
            )
    except IntegrityError:  # another request created it first
        return UsageCounter.objects.get(
            tenant=tenant, subject=cell.subject, metric=cell.metric, window=cell.window
        )


def limit_cells(limit: QuotaLimit, day: date) -> list[Cell]:
    """The cells admission checks against `limit` in the windows of `day` (today's day and month).
    Empty for a `*` row: each end user has cells of their own."""
    if limit.end_user == "*":
        return []
    return _cells([limit], end_user=limit.end_user, day=day)


_SUMS_PER_QUERY = 200  # ledger sums read in one statement (SQLite caps a statement's parameters)


def cells_used(tenant: Any, cells: list[Cell]) -> CellUse:
    """What admission holds each cell to: its counter, or, for a cell no admission created yet, the
    ledger's sum that `_counter` would start it from (a limit set mid-day counts what was already used).
    Two queries however many cells (up to `_SUMS_PER_QUERY` new ones)."""
    if not cells:
        return {}
    keys = [(cell.subject, cell.metric, cell.window) for cell in cells]
    counters = UsageCounter.objects.filter(
        tenant=tenant,
        subject__in={cell.subject for cell in cells},
        metric__in={cell.metric for cell in cells},
        window__in={cell.window for cell in cells},
    ).values_list("subject", "metric", "window", "used")
    used: CellUse = {(subject, metric, window): value for subject, metric, window, value in counters}
    missing = [key for key in dict.fromkeys(keys) if key not in used]
    for start in range(0, len(missing), _SUMS_PER_QUERY):
        chunk = missing[start : start + _SUMS_PER_QUERY]
        sums = UsageEntry.objects.filter(tenant=tenant).aggregate(
            **{
                f"cell{i}": Sum(_ENTRY_FIELD[metric], filter=_entries_filter(subject, window), default=0)
                for i, (subject, metric, window) in enumerate(chunk)
            }
        )
        used |= {key: max(int(sums[f"cell{i}"]), 0) for i, key in enumerate(chunk)}
    return {key: used[key] for key in keys}


# Amounts -----------------------------------------------------------------------------------------


def _price_micros(model: str, size: str, quality: str, currency: str) -> int | None:
    """The most specific price of one image in `currency` (exact size and quality, then either as *, then
    both); None where the model has none in it. A price in another currency never counts: there is no
    exchange rate here, and USD micros summed against a EUR limit would let it overshoot or stop early."""
    prices = {
        (p.size, p.quality): p.price_micros for p in ModelPrice.objects.filter(model=model, currency=currency)
    }
    for key in ((size, quality), (size, "*"), ("*", quality), ("*", "*")):
        if key in prices:
            return prices[key]
    return None


def _image_price(job: GenerationJob) -> int | None:
    """What one image of a licensed model's job costs the tenant, in its currency (None: no price)."""
    params = job.params
    currency = in_force.tenant_currency(job.tenant)
    return _price_micros(job.model.name, params.get("size", ""), params.get("quality") or "*", currency)


@dataclass(frozen=True)
class Amounts:
    images: int
    gpu_seconds: int
    spend_micros: int

    def negated(self) -> Amounts:
        return Amounts(-self.images, -self.gpu_seconds, -self.spend_micros)

    def minus(self, other: Amounts) -> Amounts:
        return Amounts(
            self.images - other.images,
            self.gpu_seconds - other.gpu_seconds,
            self.spend_micros - other.spend_micros,
        )


# ASSAY_QUOTA_GPU_SECONDS_PER_IMAGE is the estimate for an image of up to this many pixels and steps; a
# larger or longer one reserves in proportion (denoising's time grows with both), so that a request
# asking for the most of both cannot run far past a GPU-seconds limit on a small image's estimate.
ESTIMATE_PIXELS = 1024 * 1024
ESTIMATE_STEPS = 30


def _estimated_gpu_seconds(job: GenerationJob, images: int) -> int:
    params = job.generation_params
    work = (params.width * params.height / ESTIMATE_PIXELS) * (
        (params.steps or ESTIMATE_STEPS) / ESTIMATE_STEPS
    )
    return math.ceil(images * settings.ASSAY_QUOTA_GPU_SECONDS_PER_IMAGE * max(1.0, work))


def _is_local(job: GenerationJob) -> bool:
    return job.model.backend == Backend.DIFFUSERS


def _job_amounts(
    job: GenerationJob, images: int, gpu_seconds: int | None = None, *, price: int | None = None
) -> Amounts:
    """`price`: one image's, in the tenant's currency (`_image_price`; a licensed model's only)."""
    local = _is_local(job)
    if gpu_seconds is None:
        gpu_seconds = _estimated_gpu_seconds(job, images) if local else 0
    spend = 0 if local else images * (price or 0)
    return Amounts(images=images, gpu_seconds=gpu_seconds if local else 0, spend_micros=spend)


def _end_user(job: GenerationJob) -> str:
    return (job.params.get("user") or "")[:256]


# Reserve -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """What a job's admission moved in the counters: its reservation records it in the ledger
    (`job_reserve`), or, when the job's transaction fails, `claim_release` gives it back."""

    tenant_id: int
    cells: tuple[Cell, ...]
    moved: dict[str, int]  # metric -> amount
    used: CellUse  # what each cell held after the claim (for the monthly alerts)
    amounts: Amounts
    day: date
    end_user: str
    # Committed ahead of the job's transaction, holding its tenant's claim lock (see "Claims").
    ahead: bool = False


def job_claim_ahead(job: GenerationJob) -> Claim | None:
    """Before the job's transaction (generation's `job_admitting`): claim in a short transaction of its
    own, so that the tenant's cells are locked only while PostgreSQL moves them, not until the job's
    transaction commits (concurrent admissions of one tenant queued on them, behind each other's whole
    transaction: the audit chain's append, the commit). None on SQLite (which runs one write transaction
    at a time anyway) or inside a caller's transaction: `job_reserve` then claims in the job's."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    return job_claim(job, ahead=True)


def job_claim(job: GenerationJob, *, ahead: bool = False) -> Claim:
    """Move every counter cell that a limit on the job watches; raises InsufficientQuota (nothing moved)
    or ModelNotAllowedForKey. `ahead` (no transaction open): committed at once, holding the tenant's
    claim lock (see "Claims") until `claim_settled`."""
    tenant, api_key_id, end_user = job.tenant, job.api_key_id, _end_user(job)
    limits = in_force.applicable_limits(tenant, api_key_id=api_key_id, end_user=end_user)
    for limit in limits:
        if limit.allowed_models and job.model.name not in limit.allowed_models:
            raise ModelNotAllowedForKey(
                f"This API key may not use {job.model.name}; it may use: {', '.join(limit.allowed_models)}.",
                param="model",
            )
    today = timezone.now().date()
    cells = _cells(limits, end_user=end_user, day=today)
    price = None if _is_local(job) else _image_price(job)
    if price is None and not _is_local(job) and any(cell.metric == "spend_micros" for cell in cells):
        # Counted as free, the job would pass a spend limit however much it cost: refused instead.
        currency = in_force.tenant_currency(tenant)
        raise ModelNotPriced(
            f"{job.model.name} has no price in {currency}, the currency of this tenant's spend limits, so "
            f"they cannot count what it costs. An admin sets one (assay quotas price --model "
            f"{job.model.name} --price <per image> --currency {currency}), or removes the spend limit.",
            param="model",
        )
    # best_of when asked: every candidate
    amounts = _job_amounts(job, job.generation_params.candidates, price=price)
    moved = {
        "images": amounts.images,
        "gpu_seconds": amounts.gpu_seconds,
        "spend_micros": amounts.spend_micros,
        "jobs": 1,
    }
    ahead = ahead and bool(cells)  # nothing to move: nothing for reconcile to mistake
    if not ahead:
        used = _move_cells(tenant, cells, moved, today, api_key_id=api_key_id)
    else:
        try:
            used = _move_cells(tenant, cells, moved, today, api_key_id=api_key_id, claim_lock=True)
        except BaseException:
            _claim_lock(tenant.pk, _CLAIM_LOCK_LET_GO)
            raise
    return Claim(tenant.pk, tuple(cells), moved, used, amounts, today, end_user, ahead)


def _move_cells(
    tenant: Any,
    cells: list[Cell],
    moved: dict[str, int],
    today: date,
    *,
    api_key_id: int | None = None,
    claim_lock: bool = False,
) -> CellUse:
    """What each cell holds once moved. Outside a transaction the common case is one statement, a
    transaction of its own; the cell-by-cell path runs in one, so that a refusal undoes the cells moved
    before it. `claim_lock` (PostgreSQL): the first statement takes the tenant's claim lock."""
    if not cells:
        return {}
    if connection.vendor == "postgresql":
        used = _reserve_at_once(tenant, cells, moved, claim_lock=claim_lock)
        if used is None and _create_missing(tenant, cells):
            # A cell seen for the first time (a new day, a new end user): created on its own, so that the
            # tenant's other cells are not held while it is.
            used = _reserve_at_once(tenant, cells, moved)
        if used is not None:
            return used
    with transaction.atomic():
        return _reserve_cell_by_cell(tenant, cells, moved, today, api_key_id)


def _create_missing(tenant: Any, cells: list[Cell]) -> bool:
    """Create the cells that do not exist yet; whether there were any."""
    existing = set(
        UsageCounter.objects.filter(tenant=tenant, subject__in={cell.subject for cell in cells}).values_list(
            "subject", "metric", "window"
        )
    )
    missing = [cell for cell in cells if (cell.subject, cell.metric, cell.window) not in existing]
    for cell in missing:
        _counter(tenant, cell)
    return bool(missing)


def job_reserve(job: GenerationJob, claim: Claim | None = None) -> UsageEntry:
    """The job's reservation in the ledger, in the transaction that admits (or reinstates) it: of
    `claim` when admission claimed ahead, else claimed here (the caller's transaction then admits, or
    reinstates, nothing if this raises)."""
    if claim is None:
        hold_chain(job.tenant)  # the caller's transaction appends its event after the cells are locked
        claim = job_claim(job)
    for cell in claim.cells:
        _alert_if_crossed(job.tenant, cell, claim.used[cell.subject, cell.metric, cell.window])
    if claim.ahead:
        # The claim lock is let go once the ledger entry is committed, or the claim given back.
        transaction.on_commit(lambda: claim_settled(claim), robust=True)
    return _insert_entry(
        UsageEntry(
            tenant=job.tenant,
            job=job,
            kind=EntryKind.RESERVE,
            api_key_id=job.api_key_id,
            end_user=claim.end_user,
            model=job.model.name,
            images=claim.amounts.images,
            gpu_seconds=claim.amounts.gpu_seconds,
            spend_micros=claim.amounts.spend_micros,
            jobs=1,
            day=claim.day,
            month=_month(claim.day),
            cells=[[cell.subject, cell.metric, cell.window] for cell in claim.cells],
        )
    )


def _insert_entry(entry: UsageEntry) -> UsageEntry:
    """Insert a new ledger entry. On PostgreSQL with an INSERT built once: every admission writes one,
    and the ORM spent longer building the statement than PostgreSQL spent running it."""
    if connection.vendor != "postgresql":
        entry.save(force_insert=True)
        return entry
    fields = _entry_fields()
    values = [field.get_db_prep_save(field.pre_save(entry, add=True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(_entry_insert(), values)
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


@functools.cache
def _entry_fields() -> list[Field]:
    return [field for field in UsageEntry._meta.concrete_fields if not field.primary_key]


@functools.cache
def _entry_insert() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _entry_fields())
    values = ", ".join(["%s"] * len(_entry_fields()))
    # S608: only quoted names from the model's metadata are interpolated.
    return f"INSERT INTO {quote(UsageEntry._meta.db_table)} ({columns}) VALUES ({values}) RETURNING id"  # noqa: S608


def claim_release(claim: Claim) -> None:
    """The job's transaction failed after `claim` (nothing of the job, its ledger entry or its audit
    event committed): give the cells back. Never below zero."""
    try:
        with transaction.atomic():
            for cell in claim.cells:  # sorted, as when claimed
                amount = claim.moved[cell.metric]
                if not amount:
                    continue
                UsageCounter.objects.filter(
                    tenant_id=claim.tenant_id, subject=cell.subject, metric=cell.metric, window=cell.window
                ).update(used=Greatest(F("used") - amount, 0))
    finally:
        claim_settled(claim)


def claim_settled(claim: Claim) -> None:
    """Let go of the tenant's claim lock of a claim made ahead, now in the ledger or given back."""
    if claim.ahead:
        _claim_lock(claim.tenant_id, _CLAIM_LOCK_LET_GO)


# Claims: a claim made ahead commits its counters before the job's transaction writes its ledger entry.
# Until that commits, the counters hold more than the ledger, which `reconcile` would take for drift and
# "fix". So each claim made ahead holds its tenant's claim lock (a PostgreSQL session-level advisory
# lock, shared: claims never wait on each other) from before its counters move until its ledger entry is
# committed or the claim is given back, and `reconcile` compares a tenant's counters with the ledger
# under the same lock, exclusive.
_CLAIM_LOCK_SPACE = 0x51554F54  # "QUOT": the first key of every tenant's claim lock
_CLAIM_LOCK_TAKE = "SELECT pg_advisory_lock_shared(%s, %s)"
_CLAIM_LOCK_LET_GO = "SELECT pg_advisory_unlock_shared(%s, %s)"
_CLAIMS_PAUSED = "SELECT pg_advisory_xact_lock(%s, %s)"  # reconcile's, until its transaction ends


def _claim_lock(tenant_id: int, sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, [_CLAIM_LOCK_SPACE, tenant_id % 2**31])


# One statement for the common case (every cell exists and every limit has room), on PostgreSQL: a call
# of `quotas_claim_cells` (migration 0002), a PL/pgSQL function, so that PostgreSQL plans the statement
# inside it once per connection rather than on every admission (planning was 0.33 ms of its 0.56 ms of
# PostgreSQL CPU). The function:
# - takes the tenant's claim lock first when the claim is made ahead (see "Claims");
# - counts the cells that exist (no lock): when one is missing, nothing is locked or moved and the
#   caller creates it (as a first request of a day or a new end user does), then tries again;
# - locks the cells in the same sorted order as the cell-by-cell path, so that concurrent requests
#   queue on a cell rather than wait on each other in a circle; once a cell is locked, its `used` is
#   the latest committed value;
# - moves every cell or, when one would pass its limit, none (the caller then goes cell by cell, which
#   refuses naming the limit; the locks it holds are its own).
_CLAIM_CELLS = (
    "SELECT * FROM quotas_claim_cells(%s::integer, %s::integer, %s::bigint, %s::text[], %s::text[], "
    "%s::text[], %s::bigint[], %s::bigint[])"
)


def _reserve_at_once(
    tenant: Any, cells: list[Cell], moved: dict[str, int], *, claim_lock: bool = False
) -> CellUse | None:
    """Every cell moved in one round trip: what each cell now holds, or None when nothing moved. With
    `claim_lock`, the statement takes the tenant's claim lock first, whatever it moves."""
    lock = [_CLAIM_LOCK_SPACE, tenant.pk % 2**31] if claim_lock else [None, None]
    columns = [
        [cell.subject for cell in cells],
        [cell.metric for cell in cells],
        [cell.window for cell in cells],
        [moved[cell.metric] for cell in cells],
        [cell.limit for cell in cells],
    ]
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_CELLS, [*lock, tenant.pk, *columns])
        rows = cursor.fetchall()
    if len(rows) != len(cells):
        return None
    return {(subject, metric, window): used for subject, metric, window, used in rows}


def _reserve_cell_by_cell(
    tenant: Any, cells: list[Cell], moved: dict[str, int], today: date, api_key_id: int | None
) -> CellUse:
    """One conditional UPDATE per cell in sorted order, creating a cell seen for the first time."""
    used: CellUse = {}
    for cell in cells:
        amount = moved[cell.metric]
        rows = UsageCounter.objects.filter(
            tenant=tenant, subject=cell.subject, metric=cell.metric, window=cell.window
        )
        # The common case is one UPDATE; a cell seen for the first time is created, then updated.
        if not rows.filter(used__lte=cell.limit - amount).update(used=F("used") + amount):
            counter = _counter(tenant, cell)
            if not rows.filter(used__lte=cell.limit - amount).update(used=F("used") + amount):
                raise _refusal(cell, counter, amount, today, api_key_id)
        # Only monthly cells raise alerts, which need what the cell now holds.
        used[cell.subject, cell.metric, cell.window] = (
            rows.values_list("used", flat=True).get() if cell.kind == "month" else 0
        )
    return used


def _refusal(
    cell: Cell, counter: UsageCounter, amount: int, today: date, api_key_id: int | None
) -> InsufficientQuota:
    counter.refresh_from_db(fields=["used"])
    resets = _resets_at(cell.kind, today)
    level = cell.subject.split(":")[0]
    if level == "user":
        what = f"the end user {cell.subject.split(':', 2)[2]!r}"
    else:
        what = _key_level_name(cell.subject, api_key_id) if level == "key" else "the tenant"
    when = f"; it resets at {resets:%Y-%m-%dT%H:%M:%SZ}" if resets else "; it frees up as running jobs end"
    return InsufficientQuota(
        f"Quota exceeded: {cell.field} of {what} is {cell.limit}, {counter.used} used, this request needs "
        f"{amount}{when}.",
        limit=f"{level}.{cell.field}",
        resets_at=resets,
    )


def _key_level_name(subject: str, api_key_id: int | None) -> str:
    if subject == f"key:{api_key_id}":
        return "this API key"
    return "the API key this one was made from"


# Settle and refund -------------------------------------------------------------------------------


def _open_reservation(job: GenerationJob) -> UsageEntry | None:
    """The job's latest reservation, if no settlement or refund followed it."""
    entries = list(job.usage.order_by("pk"))
    if not entries or entries[-1].kind != EntryKind.RESERVE:
        return None
    return entries[-1]


def job_settle(job: GenerationJob, *, charged: bool = True) -> UsageEntry | None:
    """At the job's terminal transition: settle to what was used (images generated, GPU-seconds
    measured, their price; a job cancelled while generating, to the GPU-seconds it ran and the images
    its backend had made and it discarded), or refund it all when no work was done or the client is not
    `charged` for it (a failure that was not the request's own). Once per reservation."""
    reservation = _open_reservation(job)
    if reservation is None:
        return None
    generated = job.images.count() + job.discarded_images
    reserved = Amounts(reservation.images, reservation.gpu_seconds, reservation.spend_micros)
    if not charged or (generated == 0 and job.generation_seconds is None):
        kind, delta = EntryKind.REFUND, reserved.negated()
    else:
        measured = math.ceil(job.generation_seconds) if job.generation_seconds is not None else None
        # A price raised since admission counts; one taken away (or the tenant's currency changed) does
        # not make the images free: the reservation's own price stands.
        price = None if _is_local(job) else _image_price(job)
        if price is None and reservation.images:
            price = reservation.spend_micros // reservation.images
        kind, delta = EntryKind.SETTLE, _job_amounts(job, generated, measured, price=price).minus(reserved)
    entry = UsageEntry.objects.create(
        tenant=job.tenant,
        job=job,
        kind=kind,
        api_key_id=reservation.api_key_id,
        end_user=reservation.end_user,
        model=reservation.model,
        images=delta.images,
        gpu_seconds=delta.gpu_seconds,
        spend_micros=delta.spend_micros,
        jobs=-1,
        day=reservation.day,
        month=reservation.month,
    )
    moved = {
        "images": delta.images,
        "gpu_seconds": delta.gpu_seconds,
        "spend_micros": delta.spend_micros,
        "jobs": -1,
    }
    # Every cell that counts this job, not only those its reservation moved: a cell created or rebuilt
    # since (a limit set while the job ran) started from the ledger, reservation included, and kept
    # it for ever if only the reservation's cells moved back (a tenant refused with nothing running).
    # Locked in the order claims lock them.
    subjects, windows = _cells_counting(entry)
    counting = UsageCounter.objects.filter(
        tenant=job.tenant,
        subject__in=subjects,
        window__in=windows,
        metric__in=[metric for metric, amount in moved.items() if amount],  # lock only what moves
    )
    if not counting.exists():  # no limit watches this job: nothing to move or lock
        return entry
    with transaction.atomic():
        hold_chain(job.tenant)  # before the cells: the terminal transition appends its event after them
        cells = (
            counting.order_by("subject", "metric", "window").select_for_update().values_list("pk", "metric")
        )
        for pk, metric in list(cells):
            UsageCounter.objects.filter(pk=pk).update(used=Greatest(F("used") + moved[metric], 0))
        _alert_if_settled_past(
            job.tenant, reservation, rising={m for m, amount in moved.items() if amount > 0}
        )
    return entry


def _alert_if_settled_past(tenant: Any, reservation: UsageEntry, *, rising: set[str]) -> None:
    """A job that used more than it reserved (GPU-seconds measured past the estimate, a price raised
    since) can take a monthly limit past 80% or 100% at settlement: the same alerts as a reservation."""
    if not rising:
        return
    limits = in_force.applicable_limits(
        tenant, api_key_id=reservation.api_key_id, end_user=reservation.end_user
    )
    cells = [
        cell
        for cell in _cells(limits, end_user=reservation.end_user, day=reservation.day)
        if cell.kind == "month" and cell.metric in rising
    ]
    held = cells_used(tenant, cells)
    for cell in cells:
        _alert_if_crossed(tenant, cell, held[cell.subject, cell.metric, cell.window])


def _cells_counting(entry: UsageEntry) -> tuple[set[str], set[str]]:
    """The subjects and windows of the counter cells whose ledger sum holds `entry` (`_entries_filter`
    read the other way round)."""
    subjects = {"tenant"}
    lineage = in_force.key_lineage(entry.tenant, entry.api_key_id)
    subjects.update(f"key:{key}" for key in lineage)
    if entry.end_user:
        subjects.add(f"user:*:{entry.end_user}")
        subjects.update(f"user:{key}:{entry.end_user}" for key in lineage)
    windows = {_window("day", entry.day), f"month:{entry.month}", _window("now", entry.day)}
    return subjects, windows


def entry_audit(entry: UsageEntry | None) -> dict[str, Any]:
    """What a ledger entry adds to the audit event of the job's change that made it."""
    return {"quota": _entry_payload(entry)} if entry is not None else {}


def _entry_payload(entry: UsageEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "images": entry.images,
        "gpu_seconds": entry.gpu_seconds,
        "spend_micros": entry.spend_micros,
        "model": entry.model,
        "end_user": entry.end_user or None,
        "day": entry.day.isoformat(),
    }


# Alerts ------------------------------------------------------------------------------------------


def _alert_if_crossed(tenant: Any, cell: Cell, used: int) -> None:
    """At 80% and 100% of a monthly limit: an audit event and the tenant's alert webhook, once each.
    `used` is what the cell holds after this reservation."""
    if cell.kind != "month" or cell.limit <= 0:
        return
    if used * 100 < cell.limit * ALERT_LEVELS[0]:
        return  # the common case: far from a limit, no lock
    hold_chain(tenant)  # before the cell: the alert appends an event
    rows = UsageCounter.objects.filter(
        tenant=tenant, subject=cell.subject, metric=cell.metric, window=cell.window
    )
    counter = rows.select_for_update().get()
    crossed = [
        level
        for level in ALERT_LEVELS
        if counter.used * 100 >= cell.limit * level and level not in counter.alerted
    ]
    if not crossed:
        return
    counter.alerted = sorted({*counter.alerted, *crossed})
    counter.save(update_fields=["alerted"])
    level = max(crossed)
    payload = {
        "subject": cell.subject,
        "limit": cell.field,
        "value": cell.limit,
        "used": counter.used,
        "percent": level,
    }
    record_event(
        tenant=tenant,
        event_type=EventType.QUOTA_ALERT,
        actor=QUOTAS,
        subjects={"tenant": str(tenant.public_id)},
        payload=payload,
    )
    if alert_webhook_url(tenant):
        from controlplane.quotas import tasks  # the task module imports these services

        # Only ids and the alert travel: Celery logs a task's arguments, and a webhook URL often holds
        # its receiver's credential (Slack's path, Azure's `?code=`). The task reads the URL.
        transaction.on_commit(lambda: tasks.deliver_alert_task.delay(tenant.pk, payload))


def alert_webhook_url(tenant: Any) -> str | None:
    """Where the tenant's quota alerts go (its tenant-level limits' `alert_webhook_url`), if anywhere."""
    return (
        QuotaLimit.objects.filter(tenant=tenant, api_key__isnull=True, end_user="")
        .values_list("alert_webhook_url", flat=True)
        .first()
    ) or None


# Limits ------------------------------------------------------------------------------------------

LIMIT_FIELDS = (
    "images_per_day",
    "images_per_month",
    "gpu_seconds_per_month",
    "spend_micros_per_month",
    "concurrent_jobs",
    "requests_per_minute",
    "allowed_models",
    "alert_webhook_url",
    "currency",
)


class QuotaRuleError(ServiceError):
    code = "invalid_value"


@transaction.atomic
def limit_set(
    *, tenant: Any, api_key: Any = None, end_user: str = "", values: dict[str, Any], actor: Actor
) -> QuotaLimit:
    """Create or change the limits of one level; a field set to None removes that limit. Audited."""
    unknown = sorted(set(values) - set(LIMIT_FIELDS))
    if unknown:
        raise QuotaRuleError(f"Unknown limit fields {unknown}; use some of {list(LIMIT_FIELDS)}.")
    if values.get("allowed_models") and (api_key is None or end_user):
        raise QuotaRuleError("allowed_models is a key-level limit: name the key.", param="allowed_models")
    for name, value in values.items():
        ceiling = 2**63 - 1 if name == "spend_micros_per_month" else 2**31 - 1
        if isinstance(value, int) and not 0 <= value <= ceiling:
            raise QuotaRuleError(f"{name} must be from 0 to {ceiling}, or null for no limit.", param=name)
    if values.get("requests_per_minute") is not None and end_user:
        raise QuotaRuleError(
            "requests_per_minute is a tenant or key limit; end users are limited per day or month.",
            param="requests_per_minute",
        )
    if values.get("alert_webhook_url") and (api_key is not None or end_user):
        raise QuotaRuleError("alert_webhook_url is set on the tenant level.", param="alert_webhook_url")
    # One currency per tenant: a job's spend is one amount, moved in every cell that watches it.
    currency = (
        QuotaLimit.objects.filter(tenant=tenant, api_key__isnull=True, end_user="")
        .values_list("currency", flat=True)
        .first()
    ) or DEFAULT_CURRENCY
    tenant_level = api_key is None and not end_user
    if values.get("currency") and not tenant_level and values["currency"] != currency:
        raise QuotaRuleError(
            f"A tenant's spend is counted in one currency, its own ({currency}): a key's or an end user's "
            "spend limit is in it too. Change the currency on the tenant level.",
            param="currency",
        )
    changing = tenant_level and values.get("currency") and values["currency"] != currency
    month = _month(timezone.now().date())
    if changing and UsageEntry.objects.filter(tenant=tenant, month=month).exclude(spend_micros=0).exists():
        # The month's counters sum micros: one of USD and one of EUR would be added up as one currency.
        raise QuotaRuleError(
            f"This month's spend is already counted in {currency}; change the currency when the month's "
            f"ledger holds no spend (from {_resets_at('month', timezone.now().date()):%Y-%m-%d}).",
            param="currency",
        )
    limit, created = QuotaLimit.objects.select_for_update().get_or_create(
        tenant=tenant, api_key=api_key, end_user=end_user, defaults={"currency": currency}
    )
    before = {name: getattr(limit, name) for name in LIMIT_FIELDS}
    for name, value in values.items():
        if name == "allowed_models":
            value = sorted(set(value or []))
        elif name == "alert_webhook_url":
            value = value or ""
        elif name == "currency":
            value = value or limit.currency  # blank keeps it
        setattr(limit, name, value)
    limit.updated_at = timezone.now()
    limit.save()
    if tenant_level and limit.currency != currency:
        # The tenant's other levels show their spend limits in it. What this month's ledger already
        # counted stays as counted: the change is audited, and each price counts in its own currency.
        QuotaLimit.objects.filter(tenant=tenant).exclude(pk=limit.pk).update(currency=limit.currency)
    in_force.forget()
    # Counters move only while a limit covers them: one left from an earlier limit of this level missed
    # what was admitted since, and would let admission overshoot the new limit. Rebuilt from the ledger,
    # with the tenant's claims paused until this transaction ends.
    rebuilt = _reconcile_tenant(tenant.pk, fix=True, appending=tenant)
    # The new limit's cells start now from the ledger (`_counter`), so that what it shows as used counts
    # the keys made from its key at once, as admission does, before any job moves them.
    for cell in limit_cells(limit, timezone.now().date()):
        _counter(tenant, cell)
    after = {name: getattr(limit, name) for name in LIMIT_FIELDS}
    record_event(
        tenant=tenant,
        event_type=EventType.QUOTA_LIMIT_CHANGED,
        actor=actor,
        subjects={"tenant": str(tenant.public_id)} | ({"api_key": str(api_key.public_id)} if api_key else {}),
        payload={
            "level": limit.level,
            "end_user": end_user or None,
            "changed": {
                name: [_audited(name, before[name]), _audited(name, after[name])]
                for name in LIMIT_FIELDS
                if before[name] != after[name]
            },
            "created": created,
        }
        | ({"counters_rebuilt": rebuilt} if rebuilt else {}),
    )
    return limit


def _audited(name: str, value: Any) -> Any:
    """A limit's value as the (immutable, exported) audit log keeps it: the alert webhook's URL is its
    receiver's credential, so only whether it is set, its host and a sha256 of it."""
    return url_fingerprint(value) if name == "alert_webhook_url" else value


@transaction.atomic
def limit_delete(*, limit: QuotaLimit, actor: Actor) -> None:
    record_event(
        tenant=limit.tenant,
        event_type=EventType.QUOTA_LIMIT_CHANGED,
        actor=actor,
        subjects={"tenant": str(limit.tenant.public_id)},
        payload={"level": limit.level, "end_user": limit.end_user or None, "deleted": True},
    )
    limit.delete()
    in_force.forget()


@transaction.atomic
def price_set(
    *, model: str, size: str, quality: str, price_micros: int, currency: str, actor: Actor
) -> ModelPrice:
    """Set what one image of a licensed model costs (spend limits count it); audited on the platform
    chain, since a price holds for every tenant."""
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise QuotaRuleError(
            f"{currency!r} is not a currency: three capital letters, as USD.", param="currency"
        )
    # A price per currency: a tenant's spend counts the price in its own (`_price_micros`).
    price = (
        ModelPrice.objects.select_for_update()
        .filter(model=model, size=size, quality=quality, currency=currency)
        .first()
    )
    before = price.price_micros if price is not None else None
    price, _ = ModelPrice.objects.update_or_create(
        model=model, size=size, quality=quality, currency=currency, defaults={"price_micros": price_micros}
    )
    record_event(
        tenant=None,
        event_type=EventType.QUOTA_PRICE_CHANGED,
        actor=actor,
        subjects={"model": model},
        payload={
            "model": model,
            "size": size,
            "quality": quality,
            "price_micros": [before, price_micros],
            "currency": currency,
        },
    )
    return price


# Reconcile ---------------------------------------------------------------------------------------


def reconcile(*, fix: bool = True) -> list[dict[str, Any]]:
    """Compare every counter with the ledger's sum (and, for running jobs, with the jobs that are not
    terminal); return the cells that differed, fixed when `fix`."""
    drift = []
    # The database rate limiter's per-minute cells are not ledger sums; past minutes are only litter.
    UsageCounter.objects.filter(metric="requests", window__lt=f"minute:{timezone.now():%Y%m%d%H%M}").delete()
    tenants = UsageCounter.objects.filter(metric__in=_ENTRY_FIELD).values_list("tenant_id", flat=True)
    for tenant_id in sorted(set(tenants)):
        drift += _reconcile_tenant(tenant_id, fix=fix)
    return drift


def _reconcile_tenant(tenant_id: int, *, fix: bool, appending: Any = None) -> list[dict[str, Any]]:
    """One tenant's cells, with its claims paused (its claim lock, exclusive: a claim made ahead has moved
    the counters before its ledger entry is committed) and its cells locked in the order claims and
    settlements lock them (one that commits between the read of a cell and the sum of its entries would
    read as drift). `appending`: the tenant, when the caller's transaction appends an audit event after
    this (its chain head is then locked before the cells)."""
    drift = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # A claim lock never let go (a bug) fails the reconcile, naming the lock, rather than hang it.
                cursor.execute("SET LOCAL lock_timeout = '60s'")
            _claim_lock(tenant_id, _CLAIMS_PAUSED)
        if appending is not None:  # the caller's transaction appends an event after the cells are locked
            hold_chain(appending)
        counters = (
            UsageCounter.objects.select_related("tenant")
            .filter(tenant_id=tenant_id, metric__in=_ENTRY_FIELD)
            .order_by("subject", "metric", "window")
            .select_for_update(of=("self",))
        )
        for counter in counters:
            expected = ledger_sum(counter.tenant, counter.subject, counter.metric, counter.window)
            if expected == counter.used:
                continue
            drift.append(
                {
                    "tenant": counter.tenant.slug,
                    "subject": counter.subject,
                    "metric": counter.metric,
                    "window": counter.window,
                    "counter": counter.used,
                    "ledger": expected,
                }
            )
            if fix:
                UsageCounter.objects.filter(pk=counter.pk).update(used=expected)
    return drift
