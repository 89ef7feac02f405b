"""Assessments, API keys and service secrets (the first schema).

Revision 0001: what the earlier migration runner recorded as its version 1.
"""

from __future__ import annotations

from alembic import op

from refoulement_risk.api.storage import steps
from refoulement_risk.api.storage.revisions.versions import prefix

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    steps.initial(op.get_bind(), prefix())


def downgrade() -> None:
    raise NotImplementedError("the service's schema only moves forward")
