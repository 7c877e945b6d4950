"""shared resources (best practices) with full-text search in the database itself

Revision ID: 0007_shared_resources
Revises: 0006_feed_token_hash
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007_shared_resources'
down_revision = '0006_feed_token_hash'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'shared_resource',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2000), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('country', sa.String(length=8), nullable=False),
        sa.Column('stemming', sa.String(length=16), nullable=False),
        sa.Column('search_text', sa.Text(), nullable=False),
        sa.Column('added_by', sa.String(length=255), nullable=False),
        sa.Column('added_platform', sa.String(length=32), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_resource')),
    )
    with op.batch_alter_table('shared_resource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_resource_added_at'), ['added_at'], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        # the word stems of each resource (rowid = shared_resource.id), written by storage.resources
        op.execute("CREATE VIRTUAL TABLE shared_resource_fts USING fts5(stems, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
    else:
        # the configuration is chosen by constants (a text-to-regconfig cast is not immutable)
        op.execute("CREATE INDEX ix_shared_resource_search ON shared_resource USING gin "
                   "(to_tsvector(CASE stemming WHEN 'french' THEN 'french'::regconfig "
                   "WHEN 'spanish' THEN 'spanish'::regconfig ELSE 'english'::regconfig END, search_text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TABLE shared_resource_fts")
    else:
        op.execute("DROP INDEX ix_shared_resource_search")
    with op.batch_alter_table('shared_resource', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_resource_added_at'))
    op.drop_table('shared_resource')
