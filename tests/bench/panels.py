"""`make bench ONLY=panels`: the 2020 challenge jury split into 8 balanced panels."""

from eig.engines.panels import solve, validate
from tests.bench.registry import Figure, Result, benchmark
from tests.engines import jury_2020


@benchmark(
    "panels",
    title="Panel formation: the 2020 challenge jury, 48 jurors × 21 challenges → 8 panels",
    description=(
        "The panel formation engine (eig/engines/panels.py, OR-Tools CP-SAT, 8 workers) on the 2020 case "
        "of the jury guide (tests/engines/jury_2020.py): 48 jurors of 6 profile types, 25 women and 23 men, "
        "each available on 1 to 3 of 4 half-days; 21 challenges, 12 juror–challenge conflicts (same "
        "administration); 8 panels of 5 to 8 jurors hearing 2 or 3 challenges in 4 half-days × 2 rooms, "
        "one panel per juror. Balance: every panel mixes at least 2 types; each type's and gender's count "
        "within one of its proportional share; then the gender gap and the total deviation from the pool's "
        "proportions are minimised."
    ),
)
def panels():
    instance = jury_2020.instance_2020()
    result = solve(instance)
    problems = validate(instance, result)
    balance = result.balance
    outside = sum(len(balance[a]["outside"]) for a in instance.balance if a in balance)
    return Result(
        figures=[
            Figure("solve time (pre-checks, model, CP-SAT)", result.wall_seconds, "s", "< 2"),
            Figure("solver status optimal (1) or not (0)", int(result.status == "optimal"), "flag", "== 1"),
            Figure("optimality gap reported by the engine", result.gap * 100, "%", "== 0"),
            Figure("objective (weighted deviations)", result.objective, "points"),
            Figure("best bound", result.bound, "points"),
            Figure("hard rules broken (validator)", len(problems), "rules", "== 0"),
            Figure("panels that do not mix 2 types", len(balance["type"]["unmixed"]), "panels", "== 0"),
            Figure("counts outside the proportional window ±1", outside, "counts", "== 0"),
            Figure("largest gap between women and men in a panel", balance["gender"]["max_gap"], "persons", "<= 2"),
            Figure("largest deviation from the pool's type proportions", balance["type"]["max_deviation"], "persons"),
            Figure(
                "largest deviation from the pool's gender proportions", balance["gender"]["max_deviation"], "persons"
            ),
            Figure("jurors left without a panel", len(result.unseated), "jurors", "== 0"),
        ],
        notes=[
            f"Status {result.status}; time limit {instance.time_limit:g} s, {instance.workers} CP-SAT workers, seed "
            f"{instance.seed}; fixture seed {jury_2020.SEED}.",
            "Panel sizes reached: " + ", ".join(str(len(p.jurors)) for p in result.panels) + ".",
        ],
    )
