"""Seeded random draws, cheap enough for millions of rows."""

from __future__ import annotations

import random
from collections.abc import Sequence


def spread[K](weights: dict[K, int]) -> tuple[K, ...]:
    """Each key as many times as its weight: a uniform pick from it honours the weights."""
    return tuple(key for key, weight in weights.items() for _ in range(weight))


class Dice:
    """Small draws carved out of large random numbers: one ``getrandbits`` call serves a
    dozen draws, where ``random.choice`` and friends cost a call each. Seeded, so a seed
    gives the same data every time."""

    __slots__ = ("pool", "rng", "room")
    REFILL_BITS = 256

    def __init__(self, seed: str) -> None:
        self.rng, self.pool, self.room = random.Random(seed), 0, 1

    def __call__(self, sides: int) -> int:
        """A number in ``range(sides)``."""
        if self.room < sides << 32:
            self.pool = (self.pool << self.REFILL_BITS) | self.rng.getrandbits(self.REFILL_BITS)
            self.room <<= self.REFILL_BITS
        self.pool, drawn = divmod(self.pool, sides)
        self.room //= sides
        return drawn

    def pick[T](self, items: Sequence[T]) -> T:
        return items[self(len(items))]

    def chance(self, share: float) -> bool:
        return self(1_000_000) < share * 1_000_000

    def pair[T](self, items: Sequence[T]) -> tuple[T, T]:
        """Two different items."""
        first = self(len(items))
        second = (first + 1 + self(len(items) - 1)) % len(items)
        return items[first], items[second]
