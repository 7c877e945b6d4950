"""meetings and their minuted lines

Revision ID: 0009_meetings
Revises: 0008_campaigns
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009_meetings'
down_revision = '0008_campaigns'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'meeting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('platform', sa.String(length=32), nullable=False),
        sa.Column('channel_id', sa.String(length=255), nullable=False),
        sa.Column('started_by', sa.String(length=255), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting')),
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_channel_id'), ['channel_id'], unique=False)
    op.create_table(
        'meeting_line',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author', sa.String(length=255), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('action_item', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_line_meeting_id_meeting'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_line')),
    )
    with op.batch_alter_table('meeting_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_line_meeting_id'), ['meeting_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('meeting_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_line_meeting_id'))
    op.drop_table('meeting_line')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_channel_id'))
    op.drop_table('meeting')
