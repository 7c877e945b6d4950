"""Surveys and their answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Survey, SurveyAnswer


async def add(session: AsyncSession, survey: Survey) -> Survey:
    session.add(survey)
    await session.flush()
    return survey


async def get(session: AsyncSession, survey_id: int) -> Survey | None:
    return await session.scalar(select(Survey).where(Survey.id == survey_id).options(selectinload(Survey.answers)))


async def answer(session: AsyncSession, survey_id: int, respondent: str, question: int, text: str, *,
                 at: datetime) -> None:
    """Record (or replace) one person's answer to one question."""
    await session.execute(delete(SurveyAnswer).where(SurveyAnswer.survey_id == survey_id,
                                                     SurveyAnswer.respondent == respondent,
                                                     SurveyAnswer.question == question))
    session.add(SurveyAnswer(survey_id=survey_id, respondent=respondent, question=question, answer=text, at=at))
    await session.flush()
