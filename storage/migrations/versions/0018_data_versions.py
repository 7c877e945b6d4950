"""a version number for the pathfinder tables, raised by the database itself on every change to them,
so a process that keeps them in memory knows in one cheap read whether any process changed them

Revision ID: 0018_data_versions
Revises: 0017_action_item_updated_index
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018_data_versions'
down_revision = '0017_action_item_updated_index'
branch_labels = None
depends_on = None

TABLES = ('pathfinder_country', 'pathfinder_priority', 'pathfinder_update')
# the first change makes the row (a new database's migrations leave every table empty)
BUMP = ("INSERT INTO data_version (name, version) VALUES ('pathfinder', 1) "
        "ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1")


def upgrade() -> None:
    op.create_table(
        'data_version',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_data_version')),
    )
    # a database that has countries already has a version for them from now on; a new one from its seed
    op.execute("INSERT INTO data_version (name, version) "
               "SELECT 'pathfinder', 1 WHERE EXISTS (SELECT 1 FROM pathfinder_country)")
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"CREATE FUNCTION data_version_pathfinder() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN {BUMP}; RETURN NULL; END $$")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER data_version_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION data_version_pathfinder()")
    else:
        for table in TABLES:
            for change in ('INSERT', 'UPDATE', 'DELETE'):
                op.execute(f"CREATE TRIGGER data_version_{table}_{change.lower()} AFTER {change} ON {table} "
                           f"BEGIN {BUMP}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in TABLES:
            op.execute(f"DROP TRIGGER data_version_{table} ON {table}")
        op.execute("DROP FUNCTION data_version_pathfinder()")
    else:
        for table in TABLES:
            for change in ('insert', 'update', 'delete'):
                op.execute(f"DROP TRIGGER data_version_{table}_{change}")
    op.drop_table('data_version')
