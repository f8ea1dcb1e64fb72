"""How tenants map onto storage: a tenant-qualified internal user id.

A request of tenant ``acme`` for user ``alice`` reads and writes the internal user ``acme@alice``.
Tenant names have no ``@``, so the first ``@`` splits an internal id unambiguously: two tenants'
``alice`` are two users of the one database, isolated by the same ``user_id`` filter as any other
two users (and deleted, exported and cached separately).  Without a tenant (``--no-auth`` on
loopback, the MCP server's default) the id is used as it is, the same user as ``usermind chat``.
"""

from __future__ import annotations

import re

from usermind.config import validate_user_id
from usermind.errors import ConfigError

_TENANT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
SEPARATOR = "@"


def validate_tenant(tenant: str) -> str:
    if not isinstance(tenant, str) or not _TENANT.fullmatch(tenant):
        raise ConfigError(
            f"invalid tenant {tenant!r}: use 1-32 letters, digits, '_' or '-', "
            "starting with a letter or digit"
        )
    return tenant


def internal_user(tenant: str | None, user: str) -> str:
    """The stored user id of ``user`` in ``tenant`` (``user`` itself when there is no tenant)."""
    validate_user_id(user)
    if tenant is None:
        return user
    qualified = f"{validate_tenant(tenant)}{SEPARATOR}{user}"
    if len(qualified) > 64:
        raise ConfigError(
            f"invalid user id {user!r}: with the tenant prefix it is {len(qualified)} characters, "
            "the limit is 64"
        )
    return validate_user_id(qualified)
