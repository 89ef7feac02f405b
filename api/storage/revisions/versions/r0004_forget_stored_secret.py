"""The intake signing key leaves the database (it comes from the settings, a file or the
process now): the stored one is deleted.

Revision 0004: what the earlier migration runner recorded as its version 4.
"""

from __future__ import annotations

from alembic import op

from refoulement_risk.api.storage import steps
from refoulement_risk.api.storage.revisions.versions import prefix

revision = "0004"
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    steps.forget_stored_secret(op.get_bind(), prefix())


def downgrade() -> None:
    raise NotImplementedError("the service's schema only moves forward")
