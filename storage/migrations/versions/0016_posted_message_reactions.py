"""what a reaction to a message the bot posted runs (emoji → the command of one of its buttons), kept
with the message, so reactions need no rule per kind of subject

Revision ID: 0016_posted_message_reactions
Revises: 0015_action_item_order_index
Create Date: 2026-12-04 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016_posted_message_reactions'
down_revision = '0015_action_item_order_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('posted_message') as batch:
        batch.add_column(sa.Column('reactions', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('posted_message') as batch:
        batch.drop_column('reactions')
