from gtis.core.models.attachments import Attachment
from gtis.core.models.audit import AuditEvent
from gtis.core.models.jobs import BackgroundJob, JobStatus
from gtis.core.models.notifications import Notification

__all__ = ["Attachment", "AuditEvent", "BackgroundJob", "JobStatus", "Notification"]
