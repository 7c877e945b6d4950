"""safety: calendar feed tokens are stored as their SHA-256, never in plain text

Revision ID: 0006_feed_token_hash
Revises: 0005_seed_sources
Create Date: 2026-12-03 07:00:00
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0006_feed_token_hash'
down_revision = '0005_seed_sources'
branch_labels = None
depends_on = None

_subscription = sa.table('subscription', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                         sa.column('token', sa.String))


def upgrade() -> None:
    # existing feed addresses keep working: their tokens are replaced by the tokens' hashes
    connection = op.get_bind()
    rows = connection.execute(sa.select(_subscription.c.id, _subscription.c.token)
                              .where(_subscription.c.token.is_not(None))).all()
    for row_id, token in rows:
        connection.execute(_subscription.update().where(_subscription.c.id == row_id)
                           .values(token=hashlib.sha256(token.encode()).hexdigest()))


def downgrade() -> None:
    # a hash cannot be turned back into its token: the feeds are switched off instead
    op.execute(_subscription.update().where(_subscription.c.token.is_not(None)).values(token=None))
