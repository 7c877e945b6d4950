"""a weekly digest may carry the pathfinder timeline picture

Revision ID: 0012_digest_chart
Revises: 0011_surveys
Create Date: 2026-12-03 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_digest_chart'
down_revision = '0011_surveys'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('subscription') as batch:
        batch.add_column(sa.Column('with_chart', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('subscription') as batch:
        batch.drop_column('with_chart')
