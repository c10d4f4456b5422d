import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    runs: int

    def __str__(self) -> str:
        return f"median {self.median_ms:7.1f} ms   p95 {self.p95_ms:7.1f} ms   ({self.runs} runs)"


def measure(action: Callable[[int], object], *, runs: int = 30, warmup: int = 3) -> Timing:
    """Time ``action(i)`` for i in 0..runs-1 after a few warm-up calls (caches, templates)."""
    for i in range(warmup):
        action(-1 - i)
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Timing(statistics.median(samples), p95, runs)
