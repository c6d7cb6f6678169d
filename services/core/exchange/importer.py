"""CSV import of activities: all or nothing.

Every row goes through the same schema (ActivityCreate) and the same checks
(activities.check_new) as an activity posted to the API. All problems of all rows are
collected; if there is any, nothing is written and the caller gets every one of them, pointed
at as /rows/<row>/<column> with the header as row 1. A dry run checks and writes nothing.

The checks are reads, made in a read transaction of their own before the request's write
transaction begins; a valid file is then written in a few statements. On SQLite the write
lock is one for the whole database: held while thousands of rows were checked one by one
(20 s and more for 2 000 rows), it made every other writer wait and then fail. Now it is held
for the writes alone (bench/import_lock.py measures both).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.core.activities import service as activities
from services.core.activities.models import Activity
from services.core.activities.schemas import ActivityCreate
from services.core.common.authz import Principal, Role
from services.core.common.errors import DomainError, FieldError, NotFound
from services.core.exchange import csvfmt
from services.core.exchange import repository as repo
from services.core.exchange.schemas import ACTIVITY_COLUMNS, ImportedActivity, ImportResult

MAX_ROWS = 5000
REQUIRED = ("title", "kind", "starts_at", "ends_at")
IGNORED = ("created_at", "updated_at")  # written by export, set by the server on import
LISTS = ("capacity_areas", "skill_kinds", "themes")
ORGANISATIONS = {"facilitators": "facilitator_ids", "participants": "participant_ids"}
GENDERS = ("women", "men", "non_binary", "undisclosed")
# Where a field of ActivityCreate comes from in the file.
COLUMN_OF = {
    "facilitator_ids": "facilitators",
    "participant_ids": "participants",
    "series_id": "series",
    # The only whole-object rule: the gender counts may not exceed participants_count.
    "participants_by_gender": "participants_count",
}


class ImportRejected(DomainError):
    status = 422


class UnsupportedMediaType(DomainError):
    status = 415


def _pointer(row: int, column: str | None = None) -> str:
    if column is None:
        return f"/rows/{row}"
    return f"/rows/{row}/" + column.replace("~", "~0").replace("/", "~1")


def _reject(pointer: str, detail: str) -> ImportRejected:
    return ImportRejected("The file cannot be imported.", errors=[FieldError(pointer, detail)])


@dataclass
class _Row:
    number: int
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    parent_ref: str | None = None  # cascade_of naming another row's id
    data: ActivityCreate | None = None
    # Checked and ready to write: the activity (its id already chosen) and what it was made of.
    checked: tuple[Activity, ActivityCreate] | None = None
    bad: bool = False


@dataclass
class _Problems:
    errors: list[tuple[int, int, FieldError]] = field(default_factory=list)

    def add(self, row: _Row, column: str | None, detail: str, code: str) -> None:
        """One bad cell (or row): ``code`` is the stable word for it, as for any field error."""
        row.bad = True
        order = ACTIVITY_COLUMNS.index(column) if column in ACTIVITY_COLUMNS else -1
        error = FieldError(_pointer(row.number, column), detail, code)
        self.errors.append((row.number, order, error))

    def sorted(self) -> list[FieldError]:
        return [error for _, _, error in sorted(self.errors, key=lambda e: (e[0], e[1]))]


def _records(body: bytes) -> list[list[str]]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _reject("/rows", f"the file is not UTF-8 text (byte {exc.start})") from exc
    records: list[list[str]] = []
    data_rows = 0
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for record in reader:
            records.append(record)
            data_rows += 1 if len(records) > 1 and any(record) else 0
            if data_rows > MAX_ROWS:
                raise _reject("/rows", f"the file has more than {MAX_ROWS} rows; split it")
    except csv.Error as exc:
        raise _reject(_pointer(len(records) + 1), f"this is not valid CSV: {exc}") from exc
    if not records or not any(records[0]):
        raise _reject(_pointer(1), "the file is empty; it needs a header row")
    return records


def _columns(header: Sequence[str]) -> list[str]:
    names = [csvfmt.restore(name).strip() for name in header]
    errors = []
    for position, name in enumerate(names):
        if name not in ACTIVITY_COLUMNS:
            errors.append(FieldError(_pointer(1, name), "unknown column", "unknown_column"))
        elif name in names[:position]:
            errors.append(
                FieldError(_pointer(1, name), "this column appears twice", "duplicate_column")
            )
    for name in REQUIRED:
        if name not in names:
            errors.append(FieldError(_pointer(1, name), "this column is missing", "missing_column"))
    if errors:
        raise ImportRejected("The header row is not valid.", errors=errors)
    return names


class _Lookups:
    """Names in the file to ids in the network: organisations by name, then IATI identifier,
    then name in any case (when that is unambiguous); series by title."""

    def __init__(self, organisations: list[repo.OrganisationRef], series: dict[uuid.UUID, str]):
        self.by_name = {o.name: o.id for o in organisations}
        self.by_iati = {o.iati_identifier: o.id for o in organisations if o.iati_identifier}
        folded: dict[str, list[uuid.UUID]] = {}
        for o in organisations:
            folded.setdefault(o.name.casefold(), []).append(o.id)
        self.by_folded = {name: ids[0] for name, ids in folded.items() if len(ids) == 1}
        self.series: dict[str, list[uuid.UUID]] = {}
        for sid, title in series.items():
            self.series.setdefault(title, []).append(sid)

    def organisation(self, text: str) -> uuid.UUID | None:
        return (
            self.by_name.get(text) or self.by_iati.get(text) or self.by_folded.get(text.casefold())
        )


def _convert(row: _Row, lookups: _Lookups, file_ids: set[str], problems: _Problems) -> None:
    values = row.values
    for column, text in row.cells.items():
        if column in IGNORED or column == "id" or text == "":
            continue
        if column in LISTS:
            values[column] = csvfmt.split_list(text)
        elif column in ORGANISATIONS:
            ids = []
            for name in csvfmt.split_list(text):
                found = lookups.organisation(name)
                if found is None:
                    problems.add(
                        row,
                        column,
                        f"no organisation named or identified {name!r}",
                        "unknown_organisation",
                    )
                else:
                    ids.append(found)
            values[ORGANISATIONS[column]] = ids
        elif column in GENDERS:
            values.setdefault("participants_by_gender", {})[column] = text
        elif column == "series":
            matches = lookups.series.get(text, [])
            if len(matches) != 1:
                problems.add(
                    row,
                    column,
                    f"{'more than one' if matches else 'no'} series titled {text!r}",
                    "ambiguous_series" if matches else "unknown_series",
                )
            values["series_id"] = matches[0] if len(matches) == 1 else None
        elif column == "cascade_of":
            if text in file_ids:
                row.parent_ref = text
            else:
                values["cascade_of"] = text
        else:
            values[column] = text
    # Validated even when a name did not resolve, so every bad cell of the row is reported.
    try:
        data = ActivityCreate.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            detail = error["msg"].removeprefix("Value error, ")
            problems.add(row, _column_of(error["loc"]), detail, error["type"])
        return
    if not row.bad:
        row.data = data


def _column_of(location: Sequence[int | str]) -> str | None:
    if not location:
        return None
    name = str(location[0])
    if name == "participants_by_gender" and len(location) > 1:
        return str(location[1])
    return COLUMN_OF.get(name, name)


def _in_order(rows: list[_Row], by_ref: dict[str, _Row], problems: _Problems) -> list[_Row]:
    """Rows with every original (cascade_of naming a row of the file) before its cascades."""
    ordered: list[_Row] = []
    state: dict[int, str] = {}
    for start in rows:
        path: list[_Row] = []
        row: _Row | None = start
        while row is not None and row.number not in state:
            state[row.number] = "visiting"
            path.append(row)
            row = by_ref.get(row.parent_ref) if row.parent_ref else None
        if row is not None and state[row.number] == "visiting":
            problems.add(
                row,
                "cascade_of",
                "the cascade_of references in the file form a loop",
                "cascade_loop",
            )
        for visited in reversed(path):
            state[visited.number] = "done"
            ordered.append(visited)
    return ordered


async def import_activities(
    session: AsyncSession,
    reading: async_sessionmaker[AsyncSession],
    principal: Principal,
    network_id: uuid.UUID,
    body: bytes,
    *,
    dry_run: bool,
) -> ImportResult:
    """Check the whole file through ``reading`` (read transactions), then write it in
    ``session``, the request's write transaction, which nothing here touches before."""
    principal.require(network_id, Role.member, "network")
    async with reading() as read:
        rows = await _checked_rows(read, principal, network_id, body)
    if not dry_run:
        # A reference checked above may have gone since (an organisation deleted meanwhile):
        # the foreign keys then refuse the insert, and the caller gets a 409 to try again.
        await activities.insert_checked(session, [row.checked for row in rows if row.checked])
    return ImportResult(
        dry_run=dry_run,
        created=len(rows),
        activities=[
            ImportedActivity(
                row=row.number,
                id=None if dry_run or row.checked is None else row.checked[0].id,
                title=row.data.title,
                starts_at=row.data.starts_at,
            )
            for row in sorted(rows, key=lambda row: row.number)
            if row.data is not None
        ],
    )


async def _checked_rows(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, body: bytes
) -> list[_Row]:
    """The file's rows, every one checked, originals before their cascades; or ImportRejected
    with every problem found."""
    if await repo.network(session, network_id) is None:
        raise NotFound("network")
    records = _records(body)
    columns = _columns(records[0])
    problems = _Problems()
    rows: list[_Row] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(record):
            continue  # a blank line
        row = _Row(number, {})
        rows.append(row)
        if len(record) != len(columns):
            problems.add(
                row,
                None,
                f"{len(record)} cells where the header has {len(columns)}",
                "wrong_cell_count",
            )
            continue
        row.cells = {name: csvfmt.restore(text) for name, text in zip(columns, record, strict=True)}
    by_ref: dict[str, _Row] = {}
    for row in rows:
        ref = row.cells.get("id", "")
        if ref and ref in by_ref:
            problems.add(row, "id", f"the same id as row {by_ref[ref].number}", "duplicate_id")
        elif ref:
            by_ref[ref] = row
    lookups = _Lookups(
        await repo.organisation_refs(session, network_id),
        await repo.series_titles(session, network_id),
    )
    for row in rows:
        if row.cells:
            _convert(row, lookups, set(by_ref), problems)

    ordered = _in_order(rows, by_ref, problems)
    planned: dict[uuid.UUID, uuid.UUID | None] = {}
    for row in ordered:
        await _check(session, principal, network_id, row, by_ref, planned, problems)
    if problems.errors:
        bad = len({number for number, _, _ in problems.errors})
        raise ImportRejected(
            f"{bad} of {len(rows)} rows are not valid; nothing was imported.",
            errors=problems.sorted(),
        )
    return ordered


async def _check(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    row: _Row,
    by_ref: dict[str, _Row],
    planned: dict[uuid.UUID, uuid.UUID | None],
    problems: _Problems,
) -> None:
    if row.bad or row.data is None:
        return
    data = row.data
    if row.parent_ref is not None:
        parent = by_ref[row.parent_ref]
        if parent.checked is None:
            problems.add(
                row,
                "cascade_of",
                f"passes on row {parent.number}, which is not valid",
                "cascade_parent_invalid",
            )
            return
        data = data.model_copy(update={"cascade_of": parent.checked[0].id})
    try:
        # The rows checked before this one are not in the database; cascade_of may name them.
        activity = await activities.check_new(session, principal, network_id, data, planned=planned)
    except DomainError as exc:
        for error in exc.errors or [FieldError("", exc.detail)]:
            location = [part for part in error.pointer.split("/") if part]
            problems.add(row, _column_of(location), error.detail, error.code)
        return
    planned[activity.id] = activity.cascade_of
    row.checked = (activity, data)
