"""Surveys and their answers."""

from __future__ import annotations

from datetime import datetime

from typing import Any

from sqlalchemy import ForeignKey, Integer, JSON, String, Text, UniqueConstraint, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from storage.models import Base, utcnow


class Survey(Base):
    """A short survey sent to a conversation: questions with choices or free text, answered one by one."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"text": …, "options": […]}]
    platform: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()
    answers: Mapped[list["SurveyAnswer"]] = relationship(back_populates="survey", cascade="all, delete-orphan",
                                                       order_by="SurveyAnswer.id")

    @property
    def ref(self) -> str:
        return f"S{self.id}"


class SurveyAnswer(Base):
    """One person's answer to one question of a survey (a new answer replaces theirs)."""

    __tablename__ = "survey_answer"
    __table_args__ = (UniqueConstraint("survey_id", "respondent", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    respondent: Mapped[str] = mapped_column(String(255))
    question: Mapped[int] = mapped_column(Integer)  # 1-based
    answer: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    survey: Mapped["Survey"] = relationship(back_populates="answers")


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
