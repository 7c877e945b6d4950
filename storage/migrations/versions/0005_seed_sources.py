"""seed sources: where each seeded fact comes from and as of when; reference facts

Revision ID: 0005_seed_sources
Revises: 0004_scheduler
Create Date: 2026-12-03 07:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_seed_sources'
down_revision = '0004_scheduler'
branch_labels = None
depends_on = None

TABLES = ('action_group', 'pathfinder_country', 'action_item', 'calendar_event', 'observance')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('source', sa.String(length=300), server_default='', nullable=False))
            batch.add_column(sa.Column('source_date', sa.Date(), nullable=True))
    op.create_table('reference_fact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=300), server_default='', nullable=False),
    sa.Column('source_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_fact')),
    sa.UniqueConstraint('key', name=op.f('uq_reference_fact_key'))
    )
    with op.batch_alter_table('reference_fact') as batch:
        batch.create_index(batch.f('ix_reference_fact_topic'), ['topic'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reference_fact') as batch:
        batch.drop_index(batch.f('ix_reference_fact_topic'))
    op.drop_table('reference_fact')
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('source_date')
            batch.drop_column('source')
