from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gtis.catalog import reference
from gtis.catalog.models import TaxonomyNode
from gtis.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_guidance_catalogue_has_6_30_211_nodes(gic):
    levels = [TaxonomyNode.objects.filter(taxonomy=gic, depth=d).count() for d in (1, 2, 3)]
    assert levels == [6, 30, 211]
    boiler = TaxonomyNode.objects.get(taxonomy=gic, code="1.1.1")
    assert boiler.name == "节能锅炉制造"
    assert "GB24500" in " ".join(boiler.standards_cited)
    assert TaxonomyNode.objects.get_parent(boiler).code == "1.1"


def test_loading_twice_changes_nothing(gic):
    before = (TaxonomyNode.objects.count(), AuditEvent.objects.count())
    out = StringIO()
    reference.load(out)
    assert "gic-2019: 247 nodes (0 new, 0 updated)" in out.getvalue()
    assert (TaxonomyNode.objects.count(), AuditEvent.objects.count()) == before


def test_a_subtree_is_one_query(gic):
    top = TaxonomyNode.objects.get(taxonomy=gic, code="1")
    with CaptureQueriesContext(connection) as queries:
        descendants = list(TaxonomyNode.objects.get_descendants(top))
    assert len(queries.captured_queries) == 1
    assert len(descendants) == 63 + 7  # 63 items under 7 second-level categories


def test_partial_taxonomies_say_so(taxonomies, client):
    bond, ipc = taxonomies["gbc-2021"], taxonomies["ipc-green"]
    assert bond.is_partial and ipc.is_partial
    assert TaxonomyNode.objects.get(taxonomy=bond, code="1.1.1.1").name == "节能锅炉制造"
    body = client.get(ipc.get_absolute_url()).content.decode()
    assert "partial_note" not in body and ipc.partial_note[:20] in body


def test_the_nodes_api_lists_a_taxonomy_by_code(client, gic):
    response = client.get("/api/catalog/nodes/", {"taxonomy": gic.pk, "page_size": 500})
    body = response.json()
    assert body["count"] == 247
    codes = [node["code"] for node in body["results"]]
    assert codes[:3] == ["1", "1.1", "1.1.1"]
    search = client.get("/api/catalog/nodes/", {"taxonomy": "gic-2019", "search": "锅炉"}).json()
    assert "1.1.1" in [n["code"] for n in search["results"]]
    assert client.get("/api/catalog/nodes/", {"taxonomy": "nope"}).status_code == 400


def test_the_taxonomy_browser_searches(client, gic):
    response = client.get(gic.get_absolute_url(), {"q": "风力"})
    assert [n.code for n in response.context["nodes"]] == ["3.1.1", "3.2.1"]
    node = client.get(TaxonomyNode.objects.get(taxonomy=gic, code="3.1.1").get_absolute_url())
    assert node.status_code == 200
