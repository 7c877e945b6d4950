"""indexes for lists of action items: one in the order a list is shown (by status, dated first, soonest
first), one to ask of each item in that order whether an owner is one of its owners

Revision ID: 0015_action_item_order_index
Revises: 0014_owner_lower_index
Create Date: 2026-12-04 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015_action_item_order_index'
down_revision = '0014_owner_lower_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_action_item_status_due', 'action_item',
                    ['status', sa.text('(due_date IS NULL)'), 'due_date', 'id'], unique=False)
    op.create_index('ix_action_item_owner_item_lower', 'action_item_owner',
                    ['action_item_id', sa.text('lower(owner)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_action_item_owner_item_lower', table_name='action_item_owner')
    op.drop_index('ix_action_item_status_due', table_name='action_item')
