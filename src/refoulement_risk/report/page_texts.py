"""Every English text of the pages by its id: the report's own (``texts``), the plain labels
(``labels``) and the phrases (``plain``). The translations must cover them all (``rules lint``),
and the intake page is served them in the asked language."""

from __future__ import annotations

from .labels import label_texts
from .plain import phrase_texts
from .texts import TEXTS

__all__ = ["page_texts"]


def page_texts() -> dict[str, str]:
    """Every English text of the pages, by id."""
    return {**TEXTS, **label_texts(), **phrase_texts()}
