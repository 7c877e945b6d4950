"""Errors a handler may raise; the router turns each into one friendly reply."""

from __future__ import annotations


class UsageError(Exception):
    """The input could not be understood. Nothing is changed."""

    def __init__(
        self,
        message: str,
        *,
        usage: str | None = None,
        examples: str | None = None,
        suggestions: list[str] | None = None,
        values: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        # set when the message was taken for a question first ("action item A45" written to the bot):
        # the usage reply is then also the bot declining that question
        self.declined = False
        # set when message is an untranslated template: the app translates it, then fills these in
        self.values = values
        self.usage = usage
        self.examples = examples
        self.suggestions = suggestions or []


class NotFound(UsageError):
    """An id or name that does not exist."""


class PermissionDenied(Exception):
    """The user may not do this. The router logs and audits the attempt."""

    def __init__(self, message: str, *, action: str, subject: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.action = action
        self.subject = subject
