"""${message}

Revision ${up_revision} (after ${down_revision | comma,n}). Write the step as a function in
api/storage/steps.py and call it here with op.get_bind() and prefix().
"""

from __future__ import annotations

from alembic import op

from refoulement_risk.api.storage.revisions.versions import prefix

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade() -> None:
    ${upgrades if upgrades else "raise NotImplementedError"}


def downgrade() -> None:
    raise NotImplementedError("the service's schema only moves forward")
