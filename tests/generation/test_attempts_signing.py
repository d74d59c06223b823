"""Two runs that sign one job at once (a redelivered finish task beside the first, or a stale generation
run beside the owner's): each writes its signed files at paths of its own; the run whose
signing -> completed claim wins is the one recorded, and the other deletes what it wrote, so the file
served is the one the row (watermark, sha256) and the audit record describe."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from audit.models import AuditEvent
from generation import pipeline, storage
from generation.models import GenerationJob, ImageDecision, JobStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_run_that_loses_the_signing_claim_leaves_the_winners_file_in_place(queue_tiny_job, monkeypatch):
    job = queue_tiny_job(policy_name="signing-race", seed=0, steps=2)
    assert pipeline.job_generate(job.pk) is not None
    real_stamp = pipeline._stamp
    runs: list[str] = []

    def stamp(job_row, image, data, options, ahead=None):
        if not runs:
            # The first run is stamping; a second run of the finish step signs and completes the job
            # meanwhile (the job is in `signing`: nobody owns that state).
            runs.append("second")
            pipeline.job_finish(job.pk)
            assert GenerationJob.objects.get(pk=job.pk).status == JobStatus.COMPLETED
        return real_stamp(job_row, image, data, options, ahead)

    monkeypatch.setattr(pipeline, "_stamp", stamp)

    assert pipeline.job_finish(job.pk) is None  # the first run's claim finds the job completed

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    (image,) = job.images.all()
    assert image.decision == ImageDecision.RELEASED
    served = storage.read(image.storage_path)
    assert storage.sha256_hex(served) == image.sha256
    (signed,) = AuditEvent.objects.filter(subjects__job=job.public_id, event_type="provenance.signed")
    assert signed.payload["sha256"] == image.sha256
    # Only the winner's signed file is left: the loser deleted its own.
    folder = f"images/{job.tenant.public_id}/{job.public_id}"
    assert [name for name in default_storage.listdir(folder)[1] if ".signed." in name] == [
        image.storage_path.rsplit("/", 1)[1]
    ]
