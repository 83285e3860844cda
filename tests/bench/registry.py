"""The benchmarks of `make bench`, each registered under a name.

Adding one is a decorated function in any module of tests/bench/:

    from tests.bench.registry import Figure, benchmark

    @benchmark("review-assignment", title="Assigning 5,000 applications to reviewers")
    def review_assignment():
        seconds = ...
        return [Figure("solve time", seconds, "s", target="< 60")]

The function returns its figures (or a `Result` with figures and notes on the
conditions of the run); the runner prints them and records them in
docs/benchmarks.json and docs/benchmarks.md.
"""

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_COMPARISONS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq}
_TARGET = re.compile(r"^\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")


def check_target(target: str) -> tuple[str, float]:
    match = _TARGET.match(target)
    if match is None:
        raise ValueError(f"target {target!r} is not of the form '>= 500', '< 100' or '== 0'")
    return match.group(1), float(match.group(2))


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str | None = None  # e.g. ">= 500", "< 100", "== 0"; None for an informative figure

    def __post_init__(self):
        if self.target is not None:
            check_target(self.target)

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        op, bound = check_target(self.target)
        return _COMPARISONS[op](self.value, bound)


@dataclass
class Result:
    figures: list[Figure]
    notes: list[str] = field(default_factory=list)  # the conditions of the run, in plain words


@dataclass(frozen=True)
class Benchmark:
    name: str
    function: Callable[[], "Result | list[Figure]"]
    title: str
    description: str

    def run(self) -> Result:
        result = self.function()
        return result if isinstance(result, Result) else Result(figures=list(result))


REGISTRY: dict[str, Benchmark] = {}
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def benchmark(name: str, *, title: str, description: str = ""):
    """Register the decorated function as the benchmark `name` (kebab-case)."""
    if not _NAME.match(name):
        raise ValueError(f"benchmark name {name!r} must be kebab-case")

    def register(function):
        if name in REGISTRY and REGISTRY[name].function is not function:
            raise ValueError(f"two benchmarks are named {name!r}")
        REGISTRY[name] = Benchmark(name, function, title, description or (function.__doc__ or "").strip())
        return function

    return register
