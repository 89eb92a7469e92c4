"""Which entity an article names at a given position, and the id claims file it under."""

from __future__ import annotations

import bisect

from ...model import Entity

__all__ = ["EntityIndex"]


class EntityIndex:
    """Which entity, if any, is mentioned at a position of ``Article.text``."""

    def __init__(self, entities: tuple[Entity, ...]):
        spans = sorted(((m.start, m.end, e) for e in entities for m in e.mentions),
                       key=lambda item: item[:2])
        self._starts = [s for s, _, _ in spans]
        self._spans = spans
        self.by_id = {e.id: e for e in entities}

    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention inside ``[start, end)`` (the first one)."""
        i = bisect.bisect_left(self._starts, start)
        while i < len(self._spans) and self._spans[i][0] < end:
            if self._spans[i][1] <= end:
                return self._spans[i][2]
            i += 1
        # a mention that covers the position ("Gen. Nicholson" at "Nicholson")
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and self._spans[i][1] > start:
            return self._spans[i][2]
        return None

    def within(self, start: int, end: int) -> list[Entity]:
        """Every entity with a mention inside ``[start, end)``, in text order."""
        i = bisect.bisect_left(self._starts, start)
        out: list[Entity] = []
        while i < len(self._spans) and self._spans[i][0] < end:
            if self._spans[i][1] <= end and self._spans[i][2] not in out:
                out.append(self._spans[i][2])
            i += 1
        return out

    def canonical(self, entity: Entity) -> str:
        """The id a claim files an entity under: the state for a metonym."""
        return entity.metonym_of or entity.id
