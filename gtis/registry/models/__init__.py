from gtis.registry.models.designations import Designation, DesignationStatus, Programme

__all__ = ["Designation", "DesignationStatus", "Programme"]
