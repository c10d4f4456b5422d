"""Issue 4's figures: the checklist page and one row save on 1,000 items, against Django
admin's changelist of the same 1,000 responses."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client

from bench.timing import measure
from bench.word import with_actions
from checklist.assessments.models import Finding, Response
from checklist.synthetic import synthetic_assessment

ITEMS = 1000
FINDINGS = [Finding.COMPLIANT, Finding.PARTIALLY_COMPLIANT]


def run() -> None:
    owner = get_user_model().objects.create_superuser(
        "bench-admin", "bench@example.org", "bench-password-1"
    )
    # Staff must have a second factor set up before any page opens (signin.middleware).
    TOTP.activate(owner, generate_totp_secret())
    assessment = synthetic_assessment(items=ITEMS, owner=owner)
    client = Client()
    client.force_login(owner)

    page_url = f"/assessments/{assessment.pk}/"
    page = measure(lambda _: _ok(client.get(page_url)))

    # The reference: the admin lists every response on one page.
    admin.site._registry[Response].list_per_page = ITEMS
    changelist = measure(lambda _: _ok(client.get("/admin/assessments/response/")))

    item = assessment.items.order_by("position").first()
    save_url = f"/assessments/{assessment.pk}/items/{item.pk}/"

    def save(_):
        version = Response.objects.values_list("version", flat=True).get(item=item)
        _ok(
            client.post(
                save_url,
                {
                    "finding": FINDINGS[version % 2],
                    "evidence": f"Evidence, version {version}",
                    "notes": "",
                    "version": version,
                },
                headers={"HX-Request": "true"},
            )
        )

    row_save = measure(save)
    # Issue 19: rows count their actions in one query, so an action on every item (with an
    # indicator) must leave the page where it was.
    with_actions(assessment)
    page_with_actions = measure(lambda _: _ok(client.get(page_url)))
    full_page = measure(lambda _: _ok(client.get(f"{page_url}?all=1")), runs=5, warmup=1)
    print(f"Checklist of {ITEMS} items (SQLite, test client, DEBUG off)")
    print(f"  checklist page           {page}")
    print(f"  same, an action per item {page_with_actions}")
    print(f"  every row (?all=1), with actions {full_page}")
    print(f"  admin changelist         {changelist}")
    print(f"  ratio page / changelist  {page.median_ms / changelist.median_ms:.2f}  (target ≤ 0.5)")
    print(f"  one row save (htmx)      {row_save}")
    print("  targets: page median < 150 ms, row save median < 25 ms")


def _ok(answer):
    if answer.status_code != 200:
        raise SystemExit(f"benchmark request failed: {answer.status_code} {answer}")
    return answer
