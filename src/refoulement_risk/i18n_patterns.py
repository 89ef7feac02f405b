"""An English message template as a pattern that finds its placeholders' values in a sentence."""

from __future__ import annotations

import functools
import re

__all__ = ["template_pattern"]

# What each placeholder may match (anything else: the shortest text that fits).
_SLOTS = {"path": r"\S+", "country": r"[A-Z]{2}", "fact": r"\S+", "first": r"\S+",
          "version": r"\S+", "date": r"\S+", "rules": r".*", "role": r".+?",
          "points": r"\d+"}


@functools.lru_cache(maxsize=256)
def template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>{_SLOTS.get(part, '.+?')})"
                    for i, part in enumerate(parts))
    return re.compile(f"^{regex}$")
