"""campaigns for international days: highlights from countries and champions

Revision ID: 0008_campaigns
Revises: 0007_shared_resources
Create Date: 2026-12-03 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_campaigns'
down_revision = '0007_shared_resources'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'campaign',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('observance_key', sa.String(length=100), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('platform', sa.String(length=32), nullable=False),
        sa.Column('channel_id', sa.String(length=255), nullable=False),
        sa.Column('lead_days', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
        sa.UniqueConstraint('observance_key', 'day', 'channel_id', name=op.f('uq_campaign_observance_key')),
    )
    op.create_table(
        'campaign_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('country', sa.String(length=8), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_entry_campaign_id_campaign'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_entry')),
    )
    with op.batch_alter_table('campaign_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_entry_campaign_id'), ['campaign_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('campaign_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_entry_campaign_id'))
    op.drop_table('campaign_entry')
    op.drop_table('campaign')
