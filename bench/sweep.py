"""`make sweep`: import every official PDF of ../shared/corpus/sweep/ the way the import
command reads it (sources.read_source, then the parser) and report what a person would
have to fix.

Each file is named by its symbol (A_RES_78_184.pdf is A/RES/78/184, A_C.3_80_L.23.pdf is
A/C.3/80/L.23). A document passes when it is not refused, its symbol is the file's name, it
has a title, an adopted resolution (A/RES/...) has its adoption date, and its operative
paragraphs are numbered 1, 2, 3 ... without a gap (from 1 again where a section restarts
the numbering). Pure Python: no database.

    python -m bench.sweep [FOLDER]
"""

import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from checklist.instruments.parser import ParsedInstrument, ParseError, parse_instrument
from checklist.instruments.sources import SourceError, read_source

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "sweep"


@dataclass
class Outcome:
    symbol: str
    seconds: float
    refused: str = ""
    parse_seconds: float = 0.0
    parsed: ParsedInstrument | None = None
    problems: list[str] = field(default_factory=list)


def symbol_of(path: Path) -> str:
    return path.stem.replace("_", "/")


def gaps(parsed: ParsedInstrument) -> list[str]:
    """Where the operative numbering skips or repeats a number (a restart at 1 is fine)."""
    found = []
    previous = 0
    for paragraph in parsed.operative:
        if not paragraph.number.isdigit():
            continue
        number = int(paragraph.number)
        if number != previous + 1 and number != 1:
            found.append(f"{previous} then {number}")
        previous = number
    return found


def check(path: Path) -> Outcome:
    expected = symbol_of(path)
    start = time.perf_counter()
    try:
        text = read_source(path.read_bytes(), filename=path.name).text
        read = time.perf_counter()
        parsed = parse_instrument(text)
    except (SourceError, ParseError) as error:
        return Outcome(expected, time.perf_counter() - start, refused=str(error))
    done = time.perf_counter()
    outcome = Outcome(expected, done - start, parsed=parsed, parse_seconds=done - read)
    if parsed.symbol != expected:
        outcome.problems.append(f"symbol {parsed.symbol!r}")
    if not parsed.title:
        outcome.problems.append("no title")
    if "/RES/" in expected and parsed.adopted_on is None:
        outcome.problems.append("no adoption date")
    if numbering := gaps(parsed):
        outcome.problems.append(f"numbering gap {', '.join(numbering)}")
    return outcome


def report(outcomes: list[Outcome]) -> str:
    parsed = [o for o in outcomes if o.parsed]
    resolutions = [o for o in parsed if "/RES/" in o.symbol]
    times = sorted(o.seconds for o in outcomes)
    parse_times = sorted(o.parse_seconds for o in parsed) or [0.0]
    lines = [
        f"documents               {len(outcomes)}",
        f"refused                 {len(outcomes) - len(parsed)}",
        f"symbol right            {sum(o.parsed.symbol == o.symbol for o in parsed)}",
        f"titled                  {sum(bool(o.parsed.title) for o in parsed)}",
        f"adopted resolutions     {sum(bool(o.parsed.adopted_on) for o in resolutions)}"
        f" of {len(resolutions)} dated",
        f"gap-free numbering      {sum(not gaps(o.parsed) for o in parsed)}",
        f"time per document       median {statistics.median(times) * 1000:.0f} ms, "
        f"max {times[-1] * 1000:.0f} ms (reading the PDF and parsing)",
        f"  of which parsing      median {statistics.median(parse_times) * 1000:.0f} ms, "
        f"max {parse_times[-1] * 1000:.0f} ms",
    ]
    for outcome in outcomes:
        if outcome.refused or outcome.problems:
            why = outcome.refused or "; ".join(outcome.problems)
            lines.append(f"  {outcome.symbol}: {why}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else DEFAULT_FOLDER
    if not folder.is_dir():
        print(f"No sweep folder at {folder}: nothing to sweep (it is not in the repository).")
        return 0
    paths = sorted(folder.glob("*.pdf"))
    outcomes = [check(path) for path in paths]
    print(f"Sweep of {folder}")
    print(report(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
