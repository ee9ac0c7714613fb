"""The one error the matching engine raises for input it cannot use."""

from __future__ import annotations


class MatchingInputError(ValueError):
    """Input the engine refuses: wrong shape, NaN, negative scores, impossible requirements.

    The message says what is wrong in plain words; callers show it or log it, never swallow it.
    """
