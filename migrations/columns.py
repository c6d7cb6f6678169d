"""The column, key and index blocks that many revisions spell out the same way.

Every function returns new objects: SQLAlchemy ties a Column or a constraint to the one table
it is first given to, so no two tables (or revisions) may share them. What these produce is
exactly what Alembic's autogenerate wrote into the revisions before they used this module;
changing a function here changes the schema of every revision that calls it, which the
migration tests would report as drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations
from sqlalchemy.dialects import postgresql

from services.core.db.types import UTCDateTime


def json_type() -> sa.types.TypeEngine[Any]:
    """JSON on SQLite, JSONB on PostgreSQL, as services.core.db.types maps it."""
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def json_column(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, json_type(), nullable=nullable)


def moment(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    """A timezone-aware instant, stored in UTC."""
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def row_columns() -> list[sa.Column[Any]]:
    """id, created_at and updated_at: what every mutable row carries, in the models' order."""
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        moment("created_at"),
        moment("updated_at"),
    ]


def versioned_row_columns() -> list[sa.Column[Any]]:
    """The optimistic-locking version counter followed by row_columns()."""
    return [sa.Column("version", sa.Integer(), nullable=False), *row_columns()]


def lease_columns(*, owner_length: int = 64) -> list[sa.Column[Any]]:
    """Who holds a worker's lease on the row, and until when."""
    return [
        sa.Column("lease_owner", sa.String(length=owner_length), nullable=True),
        moment("lease_expires_at", nullable=True),
    ]


def outbox_columns() -> list[sa.Column[Any]]:
    """The delivery log and lease that every retried outbound message keeps, then row_columns()."""
    return [json_column("log"), *lease_columns(), *row_columns()]


def primary_key(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def foreign_key(table: str, column: str, target: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    """A single-column key onto target.id, named as the models' naming convention names it."""
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def network_key(table: str) -> sa.ForeignKeyConstraint:
    """network_id onto networks: the row goes when its network goes."""
    return foreign_key(table, "network_id", "networks", ondelete="CASCADE")


def created_by_key(table: str) -> sa.ForeignKeyConstraint:
    """created_by onto users: the row stays, unattributed, when its author goes."""
    return foreign_key(table, "created_by", "users", ondelete="SET NULL")


@dataclass(frozen=True)
class Index:
    """One index as a revision creates it and, in reverse, drops it again."""

    name: str
    columns: tuple[str, ...]
    unique: bool = False
    # A partial index: the same condition on both databases.
    where: str | None = None
    # Autogenerate passed some names through op.f(); those stay so.
    conventional: bool = False

    def _name(self, batch_op: BatchOperations) -> str:
        return batch_op.f(self.name) if self.conventional else self.name

    def _where(self) -> dict[str, Any]:
        if self.where is None:
            return {}
        return {"sqlite_where": sa.text(self.where), "postgresql_where": sa.text(self.where)}

    def create(self, batch_op: BatchOperations) -> None:
        batch_op.create_index(
            self._name(batch_op), list(self.columns), unique=self.unique, **self._where()
        )

    def drop(self, batch_op: BatchOperations) -> None:
        batch_op.drop_index(self._name(batch_op), **self._where())


def create_indexes(table: str, *indexes: Index) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for index in indexes:
            index.create(batch_op)


def drop_indexes(table: str, *indexes: Index) -> None:
    """Drops what create_indexes() made with the same arguments, last made first."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for index in reversed(indexes):
            index.drop(batch_op)
