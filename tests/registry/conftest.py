from io import StringIO

import pytest

from gtis.accounts import reference as account_reference
from gtis.registry import reference


@pytest.fixture
def miit_lists(db):
    """Departments and the MIIT green-manufacturing lists, as `gtis load-reference` loads them."""
    account_reference.load(StringIO())
    out = StringIO()
    reference.load(out)
    return out.getvalue()


@pytest.fixture
def green_fields(db):
    """A corner of the 2019 green industry catalogue, for experts' fields."""
    from gtis.catalog.services import NodeRow, load_taxonomy
    from gtis.core.actors import SYSTEM

    taxonomy, _summary = load_taxonomy(
        actor=SYSTEM,
        code="gic-2019",
        name="绿色产业指导目录（2019年版）",
        rows=[
            NodeRow("1", "节能环保产业"),
            NodeRow("1.1", "高效节能装备制造"),
            NodeRow("1.1.1", "节能锅炉制造"),
            NodeRow("3", "清洁能源产业"),
            NodeRow("3.2", "清洁能源设施建设和运营"),
        ],
    )
    return {node.code: node for node in taxonomy.nodes.all()}
