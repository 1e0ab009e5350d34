from django.db import models
from django.utils.translation import gettext_lazy as _

from gtis.catalog.models.taxonomy import Taxonomy


class ClassifierModel(models.Model):
    """A trained classifier for one taxonomy: term weights per node, kept as JSON."""

    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="classifiers")
    trained_at = models.DateTimeField(_("trained"), auto_now_add=True)
    documents = models.PositiveIntegerField(_("training texts"))
    vocabulary = models.PositiveIntegerField(_("terms"))
    data = models.JSONField(_("model"))

    class Meta:
        verbose_name = _("classifier model")
        verbose_name_plural = _("classifier models")
        ordering = ["taxonomy", "-trained_at"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"{self.taxonomy} @ {self.trained_at:%Y-%m-%d %H:%M}"
