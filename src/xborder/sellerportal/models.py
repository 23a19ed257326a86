"""Bulk catalog import jobs: the uploaded file, the mode, progress and the report of rejected rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Import nothing if any row is rejected")
    VALID_ROWS = "valid_rows", _("Import the valid rows")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    VALIDATING = "validating", _("Validating")
    WRITING = "writing", _("Writing")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected (nothing imported)")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    store = models.ForeignKey("sellers.Store", on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="catalog-imports/%Y/%m/")
    file_format = models.CharField(max_length=4)
    mode = models.CharField(max_length=14, choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    # [{"row": 3, "column": "hs_code", "code": "hs_code_format", "message": "..."}]
    errors = models.JSONField(default=list, blank=True)
    failure = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["store", "-id"], name="importjob_store_newest")]

    def __str__(self):
        return f"import {self.pk} of {self.store_id} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status in {ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED}:
            return 100
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED}
