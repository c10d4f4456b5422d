"""An organisation's institutions: its members see them, its admins add, edit and remove
them; a name is unique in the organisation whatever its case; one leading actions stays."""

import pytest

from checklist.followup import services
from checklist.followup.models import Institution
from tests.factories import make_action, make_institution, make_organisation, make_user


def url(team, rest: str = "") -> str:
    return f"/organisations/{team.organisation.slug}/institutions/{rest}"


FIELDS = {
    "name": "Ministry of Interior",
    "kind": "ministry",
    "contact_name": "Jane Wanjiru",
    "contact_email": "jane@interior.go.ke",
}


def test_admin_adds_an_institution(team, login):
    response = login(team.org_admin).post(url(team), FIELDS)
    assert response.status_code == 302
    added = Institution.objects.get()
    assert (added.organisation, added.name, added.kind) == (
        team.organisation,
        "Ministry of Interior",
        "ministry",
    )
    assert (added.contact_name, added.contact_email) == ("Jane Wanjiru", "jane@interior.go.ke")


def test_a_name_differing_only_in_case_is_a_form_error(team, login):
    make_institution(team.organisation, "Ministry of Interior")
    response = login(team.org_admin).post(url(team), {**FIELDS, "name": "MINISTRY of interior"})
    assert response.status_code == 400
    assert "already one of the organisation" in response.content.decode()
    # What was typed is kept.
    assert 'value="jane@interior.go.ke"' in response.content.decode()
    assert Institution.objects.count() == 1


def test_the_constraint_settles_a_race_in_words(team):
    make_institution(team.organisation, "Supreme Court", kind="court")
    with pytest.raises(services.FollowUpRefused, match="already one"):
        services.add_institution(
            organisation=team.organisation,
            data=services.InstitutionData("supreme court", "court", "", ""),
        )
    assert Institution.objects.count() == 1


def test_the_same_name_in_another_organisation_is_fine(team):
    make_institution(team.organisation, "Supreme Court")
    other = make_organisation("UNHCR Kenya", admin=make_user("unhcr"))
    make_institution(other, "Supreme Court")
    assert Institution.objects.count() == 2


def test_members_see_the_list_but_cannot_add(team, login):
    make_institution(team.organisation, "National Refugee Commission", kind="agency")
    client = login(team.viewer)
    page = client.get(url(team))
    assert page.status_code == 200
    assert "National Refugee Commission" in page.content.decode()
    assert "Add an institution" not in page.content.decode()
    assert client.post(url(team), FIELDS).status_code == 403
    assert Institution.objects.count() == 1


def test_outsider_gets_404(team, login):
    assert login(team.outsider).get(url(team)).status_code == 404


def test_admin_edits_an_institution(team, login):
    institution = make_institution(team.organisation, "Ministry of Interior")
    response = login(team.org_admin).post(
        url(team, f"{institution.pk}/"),
        {**FIELDS, "name": "Ministry of Interior and National Administration", "kind": "agency"},
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.name == "Ministry of Interior and National Administration"
    assert institution.kind == "agency"


def test_renaming_onto_another_name_is_a_form_error(team, login):
    make_institution(team.organisation, "Supreme Court", kind="court")
    institution = make_institution(team.organisation, "High Court", kind="court")
    response = login(team.org_admin).post(
        url(team, f"{institution.pk}/"), {**FIELDS, "name": "supreme COURT"}
    )
    assert response.status_code == 400
    institution.refresh_from_db()
    assert institution.name == "High Court"


def test_another_organisations_institution_is_404(team, login):
    other = make_organisation("UNHCR Kenya", admin=make_user("unhcr"))
    theirs = make_institution(other, "Their ministry")
    client = login(team.org_admin)
    assert client.post(url(team, f"{theirs.pk}/"), FIELDS).status_code == 404
    assert client.post(url(team, f"{theirs.pk}/delete/")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Their ministry"


def test_removing_an_institution(team, login):
    institution = make_institution(team.organisation, "Ministry of Interior")
    response = login(team.org_admin).post(url(team, f"{institution.pk}/delete/"))
    assert response.status_code == 302
    assert not Institution.objects.exists()


def test_an_institution_leading_actions_is_not_removed(team, login):
    institution = make_institution(team.organisation, "Ministry of Interior")
    make_action(team.items[0], by=team.editor, lead_institution=institution)
    response = login(team.org_admin).post(url(team, f"{institution.pk}/delete/"))
    assert response.status_code == 400
    assert "leads 1 action" in response.content.decode()
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_members_cannot_remove(team, login):
    institution = make_institution(team.organisation, "Ministry of Interior")
    assert login(team.owner).post(url(team, f"{institution.pk}/delete/")).status_code == 403
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_the_organisation_page_links_to_its_institutions(team, login):
    page = login(team.viewer).get(f"/organisations/{team.organisation.slug}/")
    assert url(team) in page.content.decode()
