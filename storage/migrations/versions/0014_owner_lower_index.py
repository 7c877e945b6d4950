"""an index on the lower-cased owner, which '!action list owner …' compares

Revision ID: 0014_owner_lower_index
Revises: 0013_connect
Create Date: 2026-12-04 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014_owner_lower_index'
down_revision = '0013_connect'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_action_item_owner_owner_lower', 'action_item_owner', [sa.text('lower(owner)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_action_item_owner_owner_lower', table_name='action_item_owner')
