from gtis.assessment.models.schemes import Scheme, SchemeVersion

__all__ = ["Scheme", "SchemeVersion"]
