from gtis.core.models.audit import AuditEvent
from gtis.core.models.jobs import BackgroundJob, JobStatus

__all__ = ["AuditEvent", "BackgroundJob", "JobStatus"]
