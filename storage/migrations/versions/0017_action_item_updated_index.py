"""an index of action items by their last change: the latest change, and the items changed since the
last look, are what questions read to know whether the items they keep in memory are current

Revision ID: 0017_action_item_updated_index
Revises: 0016_posted_message_reactions
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0017_action_item_updated_index'
down_revision = '0016_posted_message_reactions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_action_item_updated_at', 'action_item', ['updated_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_action_item_updated_at', table_name='action_item')
