"""Idempotency keys: per organisation, the record a key created and a digest of its request.

Revision 0003: what the earlier migration runner recorded as its version 3.
"""

from __future__ import annotations

from alembic import op

from refoulement_risk.api.storage import steps
from refoulement_risk.api.storage.revisions.versions import prefix

revision = "0003"
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    steps.idempotency(op.get_bind(), prefix())


def downgrade() -> None:
    raise NotImplementedError("the service's schema only moves forward")
