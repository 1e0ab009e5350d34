from gtis.registry.models.designations import Designation, DesignationStatus, Programme
from gtis.registry.models.policies import Policy, PolicyLevel, PolicyStatus
from gtis.registry.models.standards import Standard, StandardStatus

__all__ = [
    "Designation",
    "DesignationStatus",
    "Policy",
    "PolicyLevel",
    "PolicyStatus",
    "Programme",
    "Standard",
    "StandardStatus",
]
