from django.urls import path

from gtis.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.AuditEventListView.as_view(), name="audit_list"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("jobs/", views.BackgroundJobListView.as_view(), name="job_list"),
    path("jobs/<uuid:pk>/", views.BackgroundJobDetailView.as_view(), name="job_detail"),
    path("jobs/<uuid:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<uuid:pk>/resume/", views.job_resume, name="job_resume"),
    path("jobs/<uuid:pk>/download/", views.job_download, name="job_download"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
