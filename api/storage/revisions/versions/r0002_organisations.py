"""Organisations: ``org`` on keys and assessments (existing rows: ``default``), the
assessment's ``client_reference`` in its own column (filled from the stored case), and an index
for listing an organisation's records newest first.

Revision 0002: what the earlier migration runner recorded as its version 2.
"""

from __future__ import annotations

from alembic import op

from refoulement_risk.api.storage import steps
from refoulement_risk.api.storage.revisions.versions import prefix

revision = "0002"
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    steps.organisations(op.get_bind(), prefix())


def downgrade() -> None:
    raise NotImplementedError("the service's schema only moves forward")
