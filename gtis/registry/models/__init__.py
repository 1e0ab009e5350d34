from gtis.registry.models.credit import CreditKind, CreditRecord, CreditStanding
from gtis.registry.models.designations import Designation, DesignationStatus, Programme
from gtis.registry.models.events import Event, EventKind
from gtis.registry.models.networks import MemberRole, Network, NetworkKind, NetworkMembership
from gtis.registry.models.people import (
    Availability,
    DeclaredRelationship,
    Expert,
    PastAffiliation,
    RelationshipKind,
)
from gtis.registry.models.policies import Policy, PolicyLevel, PolicyStatus
from gtis.registry.models.sites import Site, SiteKind, SiteStatus
from gtis.registry.models.standards import Standard, StandardStatus

__all__ = [
    "Availability",
    "CreditKind",
    "CreditRecord",
    "CreditStanding",
    "DeclaredRelationship",
    "Designation",
    "DesignationStatus",
    "Event",
    "EventKind",
    "Expert",
    "MemberRole",
    "Network",
    "NetworkKind",
    "NetworkMembership",
    "PastAffiliation",
    "Policy",
    "PolicyLevel",
    "PolicyStatus",
    "Programme",
    "RelationshipKind",
    "Site",
    "SiteKind",
    "SiteStatus",
    "Standard",
    "StandardStatus",
]
