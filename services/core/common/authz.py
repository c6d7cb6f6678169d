"""The one place where "may this caller do this in this network?" is answered.

Every service call names the network it touches and the least role it needs. A caller with
no role in the network gets NotFound, exactly what a missing object gives, so ids of other
networks leak nothing; a caller whose role is too low gets Forbidden.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from services.core.common.errors import Forbidden, NotFound


class Role(enum.IntEnum):
    viewer = 1
    member = 2
    coordinator = 3

    @classmethod
    def parse(cls, name: str) -> Role:
        return cls[name]


class InNetwork(Protocol):
    """Anything that belongs to one network: most rows the services hand out."""

    @property
    def network_id(self) -> uuid.UUID: ...


Owned = TypeVar("Owned", bound=InNetwork)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a signed-in person (site admin or not) or a network's API key.

    A key has no user: ``user_id`` is None and its one network's role comes from its scopes.
    Compare people only through ``is_user`` so that "no user" never matches "no author".
    """

    user_id: uuid.UUID | None
    is_admin: bool = False
    roles: dict[uuid.UUID, Role] = field(default_factory=dict)
    api_key_id: uuid.UUID | None = None

    def is_user(self, user_id: uuid.UUID | None) -> bool:
        return self.user_id is not None and user_id == self.user_id

    def require_person(self) -> uuid.UUID:
        if self.user_id is None:
            raise Forbidden("This needs a signed-in person; API keys cannot do it.")
        return self.user_id

    def role_in(self, network_id: uuid.UUID) -> Role | None:
        if self.is_admin:
            return Role.coordinator
        return self.roles.get(network_id)

    def require(self, network_id: uuid.UUID, least: Role, what: str = "resource") -> Role:
        role = self.role_in(network_id)
        if role is None:
            raise NotFound(what)
        if role < least:
            raise Forbidden(f"This needs the {least.name} role in the network.")
        return role

    def require_found(self, row: Owned | None, least: Role, what: str) -> Owned:
        """``row`` as looked up by id, once the caller has ``least`` in its network: what every
        service's ``get`` needs. A missing row and one of a network the caller has no role in
        both give NotFound(what), so the two cannot be told apart."""
        if row is None:
            raise NotFound(what)
        self.require(row.network_id, least, what)
        return row

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden("Only site administrators may do this.")

    def visible_networks(self) -> list[uuid.UUID] | None:
        """Network ids this caller may read; None means all (site admin)."""
        return None if self.is_admin else list(self.roles)
