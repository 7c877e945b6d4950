"""Version numbers the database raises itself, by trigger, on every change to a group of tables (made by
migration 0018): any process, the command line or a seed that changes them raises them in the same
commit. What is kept in memory from those tables is good while its version is the one read now.

Groups: "pathfinder" (pathfinder_country, pathfinder_priority, pathfinder_update). The table is not a
model: it is no data of the community's, so exports leave it out and imports raise it by their inserts.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String, column, table

DATA_VERSION = table("data_version", column("name", String), column("version", BigInteger))
PATHFINDER = "pathfinder"
