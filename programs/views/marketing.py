"""Market linkages, staff side: a business's profile, product photos, the owner's consent,
market support, success stories, and the market-support report."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beneficiaries.models import RecordAccess
from beneficiaries.services import record_access_from_request

from .. import selectors as programs_selectors
from ..forms import show_errors
from ..marketing import selectors, services
from ..marketing.forms import (
    ConsentForm,
    MarketReportForm,
    PhotoForm,
    ProfileForm,
    StoryForm,
    SupportForm,
)
from ..marketing.report import market_report, report_businesses, report_supports
from ..marketing.stories import story_figures
from ..models import BusinessProfile
from ..reports.exports import EXPORTS, filters_described, report_download
from .files import private_photo_response


def _business(request, pk):
    # A business whose client is not archived: the registry's rule for writes.
    return programs_selectors.business_get_for_user(request.user, pk)


def _saved(request, business, message):
    messages.success(request, message)
    return redirect(f"{business.get_absolute_url()}#marketing-title")


@permission_required("programs.change_businessprofile", raise_exception=True)
def profile_edit(request, pk):
    business = _business(request, pk)
    profile = BusinessProfile.objects.filter(business=business).first() or BusinessProfile(
        business=business
    )
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_save(business=business, saved_by=request.user, **form.cleaned_data)
        return _saved(request, business, _("The profile is saved."))
    return render(
        request,
        "programs/marketing_form.html",
        {"form": form, "business": business, "title": _("Business profile")},
    )


@permission_required("programs.add_productphoto", raise_exception=True)
def photo_create(request, pk):
    business = _business(request, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.photo_add(
            business=business,
            photo=form.cleaned_data["photo"],
            caption=form.cleaned_data["caption"],
            uploaded_by=request.user,
        )
        return _saved(request, business, _("The photo is added."))
    return render(
        request,
        "programs/marketing_form.html",
        {"form": form, "business": business, "title": _("Add a product photo"), "files": True},
    )


@permission_required("programs.view_productphoto", raise_exception=True)
def photo_view(request, pk):
    photo = selectors.photo_get_for_user(request.user, pk)
    record_access_from_request(
        request,
        action=RecordAccess.Action.VIEW_DOCUMENT,
        client=photo.business.client,
        detail=f"product photo {photo.pk}",
    )
    return private_photo_response(photo.photo, filename=f"produk-{photo.pk}")


@permission_required("programs.add_publicationconsent", raise_exception=True)
def consent_create(request, pk):
    business = _business(request, pk)
    form = ConsentForm(request.POST or None, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                business=business, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return _saved(request, business, _("The consent is recorded."))
    return render(
        request,
        "programs/consent_form.html",
        {"form": form, "business": business},
    )


@require_POST
@permission_required("programs.change_publicationconsent", raise_exception=True)
def consent_withdraw(request, pk):
    business = _business(request, pk)
    if services.consent_withdraw(business=business, withdrawn_by=request.user):
        return _saved(request, business, _("The consent is withdrawn: the listing is gone."))
    return _saved(request, business, _("There was no consent to withdraw."))


@permission_required("programs.add_marketsupport", raise_exception=True)
def support_create(request, pk):
    business = _business(request, pk)
    form = SupportForm(request.POST or None, initial={"on": timezone.localdate()})
    form.instance.business = business
    if request.method == "POST" and form.is_valid():
        services.support_record(business=business, recorded_by=request.user, **form.cleaned_data)
        return _saved(request, business, _("The market support is recorded."))
    return render(
        request,
        "programs/marketing_form.html",
        {"form": form, "business": business, "title": _("Record market support")},
    )


@permission_required("programs.add_successstory", raise_exception=True)
def story_create(request, pk):
    business = _business(request, pk)
    form = StoryForm(request.POST or None, business=business)
    if request.method == "POST" and form.is_valid():
        story = services.story_save(business=business, written_by=request.user, **form.cleaned_data)
        messages.success(request, _("The story is saved; a manager approves it."))
        return redirect(story)
    return render(
        request,
        "programs/marketing_form.html",
        {"form": form, "business": business, "title": _("Write a success story")},
    )


@permission_required("programs.change_successstory", raise_exception=True)
def story_edit(request, pk):
    story = selectors.story_get_for_user(request.user, pk)
    business = _business(request, story.business_id)
    form = StoryForm(request.POST or None, instance=story, business=business)
    if request.method == "POST" and form.is_valid():
        services.story_save(
            business=business, written_by=request.user, story=story, **form.cleaned_data
        )
        messages.success(request, _("The story is saved; a manager approves it again."))
        return redirect(story)
    return render(
        request,
        "programs/marketing_form.html",
        {"form": form, "business": business, "title": _("Edit the success story")},
    )


@permission_required("programs.view_successstory", raise_exception=True)
def story_detail(request, pk):
    story = selectors.story_get_for_user(request.user, pk)
    record_access_from_request(
        request,
        action=RecordAccess.Action.VIEW_CLIENT,
        client=story.business.client,
        detail=f"success story {story.pk}",
    )
    return render(
        request,
        "programs/story_detail.html",
        {
            "story": story,
            "business": story.business,
            "figures": story_figures(story.business),
            "photo_url": reverse("programs:photo_view", args=[story.photo_id])
            if story.photo_id
            else "",
            "can_approve": request.user.has_perm("programs.approve_successstory")
            and not story.is_approved
            and story.written_by_id != request.user.pk,
        },
    )


@require_POST
@permission_required("programs.approve_successstory", raise_exception=True)
def story_approve(request, pk):
    story = selectors.story_get_for_user(request.user, pk)
    try:
        services.story_approve(story=story, approved_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The story is approved."))
    return redirect(story)


@permission_required("programs.view_marketsupport", raise_exception=True)
def market_report_page(request):
    form = MarketReportForm(request.GET or None)
    data = form.chosen()
    businesses = report_businesses(request.user, regency=data.get("regency"))
    supports = report_supports(businesses, year=data.get("year"))
    tables = market_report(businesses, supports)
    export = request.GET.get("format")
    if export in EXPORTS:
        record_access_from_request(
            request,
            action=RecordAccess.Action.EXPORT,
            detail=f"market support report {export.upper()} {request.GET.urlencode()}",
        )
        return report_download(
            tables,
            filters_described(form),
            export=export,
            title=_("Market support report"),
            filename=f"laporan-pemasaran-{timezone.localdate()}",
        )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "programs/market_report.html",
        {
            "form": form if form.is_bound else MarketReportForm(),
            "tables": tables,
            "query": query.urlencode(),
        },
    )
