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
