"""member profiles, welcomes, greetings and introductions

Revision ID: 0013_connect
Revises: 0012_digest_chart
Create Date: 2026-12-03 23:31:51
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_connect'
down_revision = '0012_digest_chart'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('channel_welcome',
    sa.Column('channel_id', sa.String(length=255), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('updated_by', sa.String(length=255), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('channel_id', name=op.f('pk_channel_welcome'))
    )
    op.create_table('greeting',
    sa.Column('channel_id', sa.String(length=255), nullable=False),
    sa.Column('user_id', sa.String(length=255), nullable=False),
    sa.Column('platform', sa.String(length=32), nullable=False),
    sa.Column('greeted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('follow_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('channel_id', 'user_id', name=op.f('pk_greeting'))
    )
    op.create_table('intro_pair',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=255), nullable=False),
    sa.Column('first', sa.String(length=255), nullable=False),
    sa.Column('second', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intro_pair')),
    sa.UniqueConstraint('round', 'first', name='uq_intro_pair_round_first'),
    sa.UniqueConstraint('round', 'second', name='uq_intro_pair_round_second')
    )
    with op.batch_alter_table('intro_pair', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intro_pair_round'), ['round'], unique=False)

    op.create_table('member_profile',
    sa.Column('user_id', sa.String(length=255), nullable=False),
    sa.Column('workspace', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('about', sa.Text(), nullable=False),
    sa.Column('in_digest', sa.Boolean(), nullable=False),
    sa.Column('intros', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_member_profile'))
    )
    with op.batch_alter_table('member_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_profile_workspace'), ['workspace'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('member_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_profile_workspace'))

    op.drop_table('member_profile')
    with op.batch_alter_table('intro_pair', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intro_pair_round'))

    op.drop_table('intro_pair')
    op.drop_table('greeting')
    op.drop_table('channel_welcome')
