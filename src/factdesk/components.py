"""Connected components by union-find (disjoint sets), the one copy factdesk uses.

Pages that share template lines, claim mentions that say the same thing and
stored claim nodes are all grouped the same way: link pairs, then ask each
item for its group.  Items are the integers ``0 .. n-1``; a group is named by
its smallest member, so the naming does not depend on the order of links.

    sets = DisjointSets(4)
    sets.union(3, 1)
    sets.find(3)            # 1
    sets.roots()            # [0, 1, 2, 1]

``parent`` may be any mutable integer sequence (a ``list``, or an
``array("q")`` when there are millions of items); path halving keeps
:meth:`find` near constant time.
"""

from __future__ import annotations

from collections.abc import MutableSequence

__all__ = ["DisjointSets"]


class DisjointSets:
    """Union-find over ``0 .. n-1``; each group's root is its smallest member."""

    __slots__ = ("parent",)

    def __init__(self, n: int = 0, *, parent: MutableSequence[int] | None = None) -> None:
        self.parent: MutableSequence[int] = list(range(n)) if parent is None else parent

    def find(self, i: int) -> int:
        """The root (smallest member) of ``i``'s group."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        """Join the groups of ``i`` and ``j``; ``True`` when they were apart."""
        a, b = self.find(i), self.find(j)
        if a == b:
            return False
        self.parent[max(a, b)] = min(a, b)
        return True

    def same(self, i: int, j: int) -> bool:
        """Whether ``i`` and ``j`` are in one group."""
        return self.find(i) == self.find(j)

    def roots(self) -> list[int]:
        """The root of every item, in item order."""
        return [self.find(i) for i in range(len(self.parent))]
