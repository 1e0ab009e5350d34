import pytest

from gtis.assessment import services
from gtis.assessment.models import SchemeVersion
from gtis.core.actors import SYSTEM


@pytest.fixture
def versions(db):
    """The shipped scheme versions, loaded, by (scheme code, version label)."""
    services.load_shipped_schemes(actor=SYSTEM)
    return {(v.scheme.code, v.label): v for v in SchemeVersion.objects.select_related("scheme")}
