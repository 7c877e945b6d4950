"""Understanding questions in English, French and Spanish, from the stored data only.

``language.detect`` guesses the language of a question; ``understand.Knowledge`` holds
what the bot knows (names of countries, groups, days, events, action items) and
reads a question into a ``Question``: its cues (what is asked) and its entities.
The answers are built in ``handlers/ask.py``.
"""
