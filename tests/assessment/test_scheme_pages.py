"""The schemes the platform ships load as reference data, again without change; they are public
on pages and at /api/assessment/schemes/ with every version's definition; staff write a new
version in YAML, and a bad one is refused naming the line, changing nothing."""

import pytest
from django.urls import reverse

from gtis.assessment import schemes, services
from gtis.assessment.models import Scheme, SchemeVersion
from gtis.core.actors import SYSTEM
from gtis.core.models import AuditEvent
from tests.assessment.test_schemes import SCHEME

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def loaded():
    return services.load_shipped_schemes(actor=SYSTEM)


def test_the_shipped_schemes_load_once(loaded):
    assert loaded == (len(schemes.shipped()), 0)
    assert services.load_shipped_schemes(actor=SYSTEM) == (0, 0)
    assert SchemeVersion.objects.count() == len(schemes.shipped())
    assert AuditEvent.objects.filter(action="create").count() == len(schemes.shipped())


def test_every_shipped_scheme_says_where_it_comes_from_and_what_is_a_default():
    for path, text in schemes.shipped():
        definition = schemes.parse(text, path.name)
        assert definition.source.zh and definition.source.en, path.name
        assert definition.defaults.zh and definition.defaults.en, path.name


def test_the_api_lists_the_schemes_with_their_definitions(client, loaded):
    body = client.get("/api/assessment/schemes/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert sorted(row["code"] for row in rows) == sorted(
        {schemes.parse(text).code for _path, text in schemes.shipped()}
    )
    assert len(rows) == 9
    deliverables = sorted(d for row in rows for d in row["deliverables"])
    assert deliverables == [2, 16, 19, 20, 21, 28, 31, 35, 40]
    factory = next(row for row in rows if row["code"] == "green-factory")
    assert [v["label"] for v in factory["versions"]] == ["GB/T 36132-2018", "GB/T 36132-2025"]
    trees = [[i["code"] for i in v["definition"]["indicators"]] for v in factory["versions"]]
    assert trees[0] != trees[1]
    first = rows[0]["versions"][0]["definition"]
    assert {"indicators", "veto", "gates", "mandatory", "aggregation", "pass_mark"} <= set(first)


def test_scheme_pages_show_the_tree_of_each_version(client, loaded):
    scheme = Scheme.objects.first()
    assert client.get(reverse("assessment:scheme_list")).status_code == 200
    page = client.get(scheme.get_absolute_url())
    assert page.status_code == 200
    assert 'data-testid="scheme-indicators"' in page.content.decode()
    version = scheme.versions.first()
    assert client.get(version.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("assessment:scheme_version", args=[scheme.code, 999999])).status_code
        == 404
    )


def test_staff_write_a_new_scheme_version(users, client):
    from gtis.core.roles import Role

    office = users[Role.COORDINATING_OFFICE]
    office.language = "en"
    office.save()
    client.force_login(office)
    url = reverse("assessment:scheme_version_create")
    response = client.post(url, {"source": SCHEME})
    version = SchemeVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == version.get_absolute_url()
    assert (version.scheme.code, version.label, version.created_by) == (
        "test-scheme",
        "2026",
        office,
    )
    again = client.post(url, {"source": SCHEME})
    assert "already has a version “2026”" in again.content.decode()
    bad = client.post(
        url,
        {
            "source": SCHEME.replace('version: "2026"', 'version: "2027"').replace(
                "weight: 40", "weight: 30"
            )
        },
    )
    assert "the weights add up to 90, not 100" in bad.content.decode()
    assert "line 37" in bad.content.decode()
    assert SchemeVersion.objects.count() == 1


def test_a_member_cannot_write_a_scheme(client, users):
    from gtis.core.roles import Role

    member = users[Role.ORGANISATION_MEMBER]
    client.force_login(member)
    response = client.post(reverse("assessment:scheme_version_create"), {"source": SCHEME})
    assert response.status_code == 403
    assert not SchemeVersion.objects.exists()
