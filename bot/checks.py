"""One check of ``alliance-bot doctor``: what was checked, whether it passed, and what to do about it.
Its own module so that the platforms' checks (``bot/adapters/*/doctor.py``) and the doctor that runs
them do not import each other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: not applicable (skipped)
    detail: str
    fix: str = ""
