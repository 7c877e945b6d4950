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


# what reactions ran before they were stored with each message, by the kind of its subject
VOTES = {f"{n}\u20e3": n for n in range(1, 10)} | {"🔟": 10}


def reactions_for(kind: str, ref: str) -> dict[str, str] | None:
    if kind == "action_item":
        return {"✅": f"action_done {ref}", "↩": f"action_reopen {ref}"}
    if kind == "poll":
        return {**{key: f"poll_vote {ref} {n}" for key, n in VOTES.items()}, "ballot": f"poll_choose {ref}"}
    return None


def upgrade() -> None:
    with op.batch_alter_table('posted_message') as batch:
        batch.add_column(sa.Column('reactions', sa.JSON(), nullable=True))
    # messages posted before: the reactions they answered then keep working
    posted = sa.table('posted_message', sa.column('platform', sa.String()), sa.column('message_id', sa.String()),
                      sa.column('subject_kind', sa.String()), sa.column('subject_ref', sa.String()),
                      sa.column('reactions', sa.JSON()))
    bind = op.get_bind()
    rows = bind.execute(sa.select(posted.c.platform, posted.c.message_id, posted.c.subject_kind, posted.c.subject_ref)
                        .where(posted.c.subject_kind.in_(("action_item", "poll")))).all()
    for platform, message_id, kind, ref in rows:
        bind.execute(posted.update()
                     .where(posted.c.platform == platform, posted.c.message_id == message_id)
                     .values(reactions=reactions_for(kind, ref)))


def downgrade() -> None:
    with op.batch_alter_table('posted_message') as batch:
        batch.drop_column('reactions')
