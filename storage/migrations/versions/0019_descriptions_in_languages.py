"""the descriptions of action groups and international days in French and Spanish, so an answer in
either language says what a group does or what a day is for, in that language

Revision ID: 0019_descriptions_in_languages
Revises: 0018_data_versions
Create Date: 2026-12-05 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019_descriptions_in_languages'
down_revision = '0018_data_versions'
branch_labels = None
depends_on = None

TABLES = ('action_group', 'observance')
COLUMNS = ('description_fr', 'description_es')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for column in COLUMNS:
                batch.add_column(sa.Column(column, sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for column in reversed(COLUMNS):
                batch.drop_column(column)
