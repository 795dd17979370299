"""What a process keeps of cheap-to-find-again answers (a verified token, an index entry, a
person's revocations): a dict bounded crudely, emptied when full, since a lost entry only costs
one lookup more. Safe across threads for single gets and puts (a dict's are atomic)."""
from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self._entries.get(key)

    def put(self, key: K, value: V) -> None:
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[key] = value

    def __len__(self) -> int:
        return len(self._entries)
