"""The database side of tests/test_job_worker.py, run in a process of its own (as
tests/concurrency_world.py), in a throwaway database that a worker process opens too:

    python -m tests.job_world build ROWS    migrate; a social worker; a checked file of ROWS
                                            new clients; its confirmation queued as a job
    python -m tests.job_world inspect JOB   the registry, the import and the job, as JSON
    python -m tests.job_world again IMPORT  the import confirmed once more (a new job)
"""

import json
import os
import sys
import tempfile


def build(rows: str) -> dict:
    from django.core.management import call_command
    from django.test.utils import override_settings

    from beneficiaries import roles
    from beneficiaries.importing import jobs, services
    from beneficiaries.models import Client
    from beneficiaries.tests.factories import BOJONEGORO, place, staff_user
    from beneficiaries.tests.import_helpers import HEADER, person

    call_command("migrate", interactive=False, verbosity=0)
    place(BOJONEGORO)  # Sumberrejo and its village Tlogohaji, where the rows live
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        user = staff_user("worker-bojonegoro", group=roles.SOCIAL_WORKER, regencies=[BOJONEGORO])
    lines = [HEADER, *(person(n) for n in range(int(rows)))]
    with tempfile.TemporaryFile() as upload:
        upload.write(("\n".join(lines) + "\n").encode())
        upload.seek(0)
        client_import = services.client_import_upload(user=user, upload=upload, name="klien.csv")
    services.client_import_run_check(client_import)
    job = jobs.client_import_confirm_start(
        client_import=client_import,
        user=user,
        on_existing="skip",
        skip_errors=False,
        expected=(client_import.rows_read, client_import.rows_ready, 0, 0),
    )
    return {
        "job": str(job.pk),
        "import": client_import.pk,
        "ready": client_import.rows_ready,
        "clients": Client.objects.count(),
    }


def inspect(job_id: str) -> dict:
    from beneficiaries.models import Client, ClientImport
    from core.jobs.models import Job
    from core.jobs.services import job_with_progress

    job = Job.objects.get(pk=job_id)
    stored_status = job.status
    job_with_progress(job)  # what a look at the job's page does
    client_import = ClientImport.objects.get(pk=job.params["import"])
    return {
        "clients": Client.objects.count(),
        "client_history": Client.history.count(),
        "import_status": client_import.status,
        "stored_status": stored_status,
        "status": job.status,
        "error": job.error,
    }


def again(import_id: str) -> dict:
    from beneficiaries.importing import jobs
    from beneficiaries.models import ClientImport

    client_import = ClientImport.objects.get(pk=import_id)
    job = jobs.client_import_confirm_start(
        client_import=client_import,
        user=client_import.user,
        on_existing="skip",
        skip_errors=False,
        expected=(client_import.rows_read, client_import.rows_ready, 0, 0),
    )
    return {"job": str(job.pk)}


def main(command: str, argument: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinsos.settings")
    import django

    django.setup()
    result = {"build": build, "inspect": inspect, "again": again}[command](argument)
    print("\n" + json.dumps(result, default=str))


if __name__ == "__main__":
    main(*sys.argv[1:3])
