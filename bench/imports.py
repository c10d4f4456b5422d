"""Issue 13's figures: reading and parsing the largest document of the corpus, and its
review page (the first page of the draft, and saving that page's edits)."""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client

from bench.timing import measure
from checklist.instruments import drafts
from checklist.instruments.forms import review_initial
from checklist.instruments.importing import source_limits
from checklist.instruments.parser import parse_instrument
from checklist.instruments.sources import read_source

ROOT = Path(__file__).resolve().parent.parent
# The copy in the repository first; the shared corpus beside the clone when there is none.
CORPUS_DIRS = [
    Path(os.environ.get("CORPUS_DIR", ROOT / "tests" / "corpus" / "docs")),
    ROOT / "tests" / "corpus",
    ROOT.parent / "shared" / "corpus" / "docs",
]


def largest_document() -> Path | None:
    for folder in CORPUS_DIRS:
        pdfs = sorted(folder.glob("*.pdf"), key=lambda path: path.stat().st_size)
        if pdfs:
            return pdfs[-1]
    return None


def run() -> None:
    path = largest_document()
    if path is None:
        print("Import of the largest corpus document: no corpus found (set CORPUS_DIR); skipped")
        return
    data = path.read_bytes()
    limits = source_limits()
    reading = measure(
        lambda _: read_source(data, filename=path.name, limits=limits), runs=3, warmup=1
    )
    text = read_source(data, filename=path.name, limits=limits).text
    parsing = measure(lambda _: parse_instrument(text), runs=10, warmup=1)
    parsed = parse_instrument(text)

    user = get_user_model().objects.create_superuser("bench-imports", "i@example.org", "bench-pw-1")
    draft = drafts.create_draft(
        owner=user, parsed=parsed, source_text=text, source_url="", warnings=parsed.warnings
    )
    client = Client()
    client.force_login(user)
    url = f"/instruments/import/{draft.pk}/"
    review = measure(lambda _: _ok(client.get(url), 200), runs=20)
    page = _page_data(draft)
    saving = measure(lambda _: _ok(client.post(f"{url}?page=1", page), 302), runs=20)

    print(f"Import of {path.name} ({len(data) / 1024:.0f} kB, {len(text):,} characters)")
    print(f"  PDF text (pypdf)         {reading}")
    print(f"  parse                    {parsing}")
    paragraphs = len(parsed.preambular) + len(parsed.operative)
    print(
        f"  review page              {review}   {paragraphs} paragraphs, {drafts.PAGE_SIZE} a page"
    )
    print(f"  save a review page       {saving}")


def _page_data(draft) -> dict:
    """The first review page as a browser posts it, unchanged."""
    particulars = review_initial(draft)
    data = {name: "" if value is None else value for name, value in particulars.items()}
    paragraphs = drafts.page_of(draft, 1).paragraphs
    data.update({"form-TOTAL_FORMS": len(paragraphs), "form-INITIAL_FORMS": len(paragraphs)})
    data["then"] = "1"
    for index, paragraph in enumerate(paragraphs):
        for name in ("kind", "number", "lead", "text", "addressee"):
            data[f"form-{index}-{name}"] = paragraph[name] or ""
        data[f"form-{index}-themes"] = paragraph["themes"]
        if paragraph["checkable"]:
            data[f"form-{index}-checkable"] = "on"
    return data


def _ok(answer, status: int):
    if answer.status_code != status:
        raise SystemExit(f"benchmark request failed: {answer.status_code} {answer}")
    return answer
