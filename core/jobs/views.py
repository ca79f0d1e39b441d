"""A user's jobs: her list ("Pekerjaan saya"), one job's page with its progress bar, its
progress as JSON for the page's script, and its result file. Only the owner sees any of
them (404 for anyone else, as for a record out of scope)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .kinds import job_kinds
from .models import Job
from .services import job_with_progress

JOBS_PER_PAGE = 25


def _own_job(request, pk) -> Job:
    return job_with_progress(get_object_or_404(Job.objects.owned_by(request.user), pk=pk))


def job_list(request):
    jobs = Job.objects.owned_by(request.user).defer("params")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/job_list.html",
        {"page_obj": page, "jobs": [job_with_progress(job) for job in page]},
    )


def job_detail(request, pk):
    job = _own_job(request, pk)
    if job.status == Job.Status.DONE and job.result_url and not job.result_file:
        # A job whose result is a page (an import's preview): that page is what to see.
        messages.success(request, _("%(title)s: done.") % {"title": job.title})
        return redirect(job.result_url)
    return render(request, "jobs/job_detail.html", {"job": job})


def job_status(request, pk):
    job = _own_job(request, pk)
    response = JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "error": job.error,
            "result_url": job.result_url,
            "download_url": reverse("jobs:download", args=[job.pk]) if job.result_file else "",
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


def job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404
    on_download = job_kinds.get(job.kind).on_download
    if on_download:
        on_download(request, job)
    response = FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name
    )
    response["Cache-Control"] = "private, no-store"
    return response
