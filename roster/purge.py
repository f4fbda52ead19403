"""The roster journal's part in a purge (mentorship/purge.py): import jobs whose file, preview, skipped rows,
errors or message name the child lose the preview, the skipped rows, the uploaded file and the preview's plan;
the rest is scrubbed, the counts stay."""

import json
from functools import partial
from pathlib import Path

from django.db import transaction

from config.purge import register_participant
from mentorship.names import ANONYMOUS
from mentorship.purge import PurgeContext

from .models import RosterJob
from .services import plan_path, private_path


def purge_roster_jobs(ctx: PurgeContext) -> None:
    for job in RosterJob.objects.all().iterator(chunk_size=500):
        dumped = json.dumps([job.file_name, job.preview, job.skipped, job.errors, job.message], ensure_ascii=False)
        if not ctx.mentions(dumped):
            continue
        if job.stored_file:
            name = job.stored_file
            transaction.on_commit(partial(_unlink, private_path(name)))
            transaction.on_commit(partial(_unlink, plan_path(name)))  # the preview's plan may name her too
            ctx.count("files_deleted")
        errors = [ctx.replace(str(e)) if not isinstance(e, dict) else ctx.replace_json(e) for e in job.errors]
        file_name = ctx.replace(job.file_name)
        if ctx.mentions(file_name):  # a surname alone in a file name: the name goes, the type stays
            file_name = ANONYMOUS + "".join(job.file_name.rpartition(".")[1:])
        RosterJob.objects.filter(pk=job.pk).update(
            preview=[], skipped=[], errors=errors, message=ctx.replace(job.message), file_name=file_name, stored_file=""
        )
        ctx.count("roster_jobs_scrubbed")


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


DECISIONS = {
    "roster.RosterJob": "jobs naming her lose their preview and file; errors, message and file name scrubbed",
}


def register():
    register_participant(app_label="roster", handler=purge_roster_jobs, decisions=DECISIONS)
