"""The fuzzing fails closed, like the authorization matrix: a form class, a POST URL or a
page that reads its query, added without a fuzz test, fails here until someone writes one
(or says why none is needed)."""

import importlib
import inspect
import pkgutil

from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django_filters import FilterSet

from tests.test_authorization_matrix import ADMIN_MATRIX, MATRIX, _nothing

from . import (
    test_archive_forms,
    test_filter_queries,
    test_grant_and_visit_forms,
    test_grievance_forms,
    test_import_forms,
    test_market_forms,
    test_registry_forms,
    test_site_forms,
    test_training_forms,
)

FUZZ_MODULES = (
    test_archive_forms,
    test_filter_queries,
    test_grant_and_visit_forms,
    test_grievance_forms,
    test_import_forms,
    test_market_forms,
    test_registry_forms,
    test_site_forms,
    test_training_forms,
)
PROJECT_PACKAGES = ("core", "beneficiaries", "programs", "dinsos")

# Form class (where it is defined) -> the fuzz tests that push bad input through it.
FUZZED_FORMS = {
    "beneficiaries.forms.ClientForm": (
        "test_registering_a_client_survives_bad_input",
        "test_editing_a_client_survives_bad_input",
    ),
    "beneficiaries.forms.CaseNoteForm": ("test_case_notes_survive_bad_input",),
    "beneficiaries.filters.ClientFilter": ("test_filter_queries_never_break_a_page",),
    "beneficiaries.views.archive.ArchiveForm": ("test_archiving_survives_bad_input",),
    "beneficiaries.importing.forms.ImportUploadForm": (
        "test_uploading_an_import_survives_bad_files",
    ),
    "beneficiaries.importing.forms.ImportConfirmForm": (
        "test_confirming_an_import_survives_bad_input",
        "test_uploading_an_import_survives_bad_files",
    ),
    "programs.forms.BatchForm": ("test_opening_a_batch_survives_bad_input",),
    "programs.forms.EnrolForm": ("test_enrolling_survives_bad_input",),
    "programs.forms.EnrolmentForm": ("test_correcting_an_enrolment_survives_bad_input",),
    "programs.forms.EnrolmentStatusForm": ("test_the_quick_status_change_survives_bad_input",),
    "programs.forms.GrantForm": ("test_handing_over_equipment_survives_bad_input",),
    "programs.forms.GrantItemForm": ("test_handing_over_equipment_survives_bad_input",),
    "programs.forms.GrantItemFormSet": ("test_handing_over_equipment_survives_bad_input",),
    "programs.forms.BaseGrantItemFormSet": ("test_handing_over_equipment_survives_bad_input",),
    "programs.forms.BusinessForm": ("test_recording_a_business_survives_bad_input",),
    "programs.forms.VisitForm": ("test_recording_a_visit_survives_bad_input",),
    "programs.reports.forms.ReportFilterForm": ("test_filter_queries_never_break_a_page",),
    # Through its two reports' pages (GrievanceReportForm, MarketReportForm).
    "programs.reports.forms.RegencyYearForm": ("test_filter_queries_never_break_a_page",),
    "programs.grievances.forms.GrievanceForm": ("test_recording_a_grievance_survives_bad_input",),
    "programs.grievances.forms.GrievanceAssignForm": (
        "test_assigning_a_grievance_survives_bad_input",
    ),
    "programs.grievances.forms.GrievanceStatusForm": (
        "test_handling_a_grievance_survives_bad_input",
    ),
    "programs.grievances.forms.GrievanceNoteForm": (
        "test_commenting_on_a_grievance_survives_bad_input",
    ),
    "programs.grievances.forms.GrievanceFilterForm": ("test_filter_queries_never_break_a_page",),
    "programs.grievances.forms.GrievanceReportForm": ("test_filter_queries_never_break_a_page",),
    "programs.marketing.forms.ProfileForm": ("test_editing_a_business_profile_survives_bad_input",),
    "programs.marketing.forms.PhotoForm": ("test_adding_a_product_photo_survives_bad_input",),
    "programs.marketing.forms.ConsentForm": ("test_recording_consent_survives_bad_input",),
    "programs.marketing.forms.SupportForm": ("test_recording_market_support_survives_bad_input",),
    "programs.marketing.forms.StoryForm": ("test_writing_a_story_survives_bad_input",),
    "programs.marketing.forms.CatalogueSearchForm": ("test_filter_queries_never_break_a_page",),
    "programs.marketing.forms.MarketReportForm": ("test_filter_queries_never_break_a_page",),
    "dinsos.login.LoginForm": ("test_logging_in_survives_bad_input",),
}
NOT_FUZZED_FORMS = {
    "core.form_warnings.ConfirmableWarningsMixin": (
        "a mixin, fuzzed in ClientForm and GrantForm (its token and tick box are fields of "
        "those forms' pages when warnings show)"
    ),
    "core.admin_records.VersionedAdminForm": (
        "Django admin only (superusers); the admin's own forms are not fuzzed here"
    ),
    "dinsos.login.AdminLoginForm": (
        "Django admin's login: the site's LoginForm (fuzzed) with the admin's staff check"
    ),
    **{
        f"programs.admin.{name}": "Django admin's inline rows (superusers), as above"
        for name in ("KeptRows", "GrantItemRows", "EquipmentCheckRows")
    },
}

# URL name -> the fuzz test posting to it (every POST row of the authorization matrix).
FUZZED_POSTS = {
    "login": "test_logging_in_survives_bad_input",
    "logout": "test_logging_out_survives_bad_input",
    "set_language": "test_the_language_menu_survives_bad_input",
    "beneficiaries:client_create": "test_registering_a_client_survives_bad_input",
    "beneficiaries:client_edit": "test_editing_a_client_survives_bad_input",
    "beneficiaries:case_note_create": "test_case_notes_survive_bad_input",
    "beneficiaries:client_archive": "test_archiving_survives_bad_input",
    "beneficiaries:client_import": "test_uploading_an_import_survives_bad_files",
    "beneficiaries:client_import_confirm": "test_confirming_an_import_survives_bad_input",
    "programs:batch_create": "test_opening_a_batch_survives_bad_input",
    "programs:batch_enrol": "test_enrolling_survives_bad_input",
    "programs:enrolment_edit": "test_correcting_an_enrolment_survives_bad_input",
    "programs:enrolment_status": "test_the_quick_status_change_survives_bad_input",
    "programs:enrolment_archive": "test_archiving_survives_bad_input",
    "programs:grant_create": "test_handing_over_equipment_survives_bad_input",
    "programs:grant_archive": "test_archiving_survives_bad_input",
    "programs:business_create": "test_recording_a_business_survives_bad_input",
    "programs:visit_create": "test_recording_a_visit_survives_bad_input",
    "programs:visit_archive": "test_archiving_survives_bad_input",
    "programs:grievance_create": "test_recording_a_grievance_survives_bad_input",
    "programs:grievance_create_for_client": "test_recording_a_grievance_survives_bad_input",
    "programs:grievance_assign": "test_assigning_a_grievance_survives_bad_input",
    "programs:grievance_status": "test_handling_a_grievance_survives_bad_input",
    "programs:grievance_note": "test_commenting_on_a_grievance_survives_bad_input",
    "programs:profile_edit": "test_editing_a_business_profile_survives_bad_input",
    "programs:photo_create": "test_adding_a_product_photo_survives_bad_input",
    "programs:consent_create": "test_recording_consent_survives_bad_input",
    "programs:consent_withdraw": "test_withdrawing_consent_survives_bad_input",
    "programs:support_create": "test_recording_market_support_survives_bad_input",
    "programs:story_create": "test_writing_a_story_survives_bad_input",
    "programs:story_edit": "test_writing_a_story_survives_bad_input",
    "programs:story_approve": "test_approving_a_story_survives_bad_input",
}
NOT_FUZZED_POSTS = {
    "admin:login": "Django's admin login: the same AuthenticationForm as the site's login",
    "admin:logout": "Django's admin logout: no input",
    # A button that starts a background job with the page's own query (core/jobs/): no
    # field of its own; the query is the GET's, fuzzed there (QUERY_PAGES, the list's
    # filters in test_filter_queries).
    "beneficiaries:client_export_csv": "a job's start button: no input but the list's query",
    "beneficiaries:client_export_xlsx": "a job's start button: no input but the list's query",
    "beneficiaries:client_subject_access": "a job's start button: no input",
    "programs:report_outcomes": "a job's start button: no input but the report's query",
}

# Pages whose query the matrix sets (they read request.GET) -> their row in the filter test.
QUERY_PAGES = {
    "beneficiaries:district_options": "district_options",
    "beneficiaries:village_options": "village_options",
    "programs:batch_enrol": "batch_enrol",
    "programs:worklist": "worklist",
    "programs:report_outcomes": "report_outcomes",
    "programs:grievance_list": "grievance_list",
    "programs:grievance_report": "grievance_report",
    "programs:catalogue": "catalogue",
    "programs:report_market": "report_market",
}
NOT_FUZZED_QUERIES = {"admin:autocomplete": "Django admin (superusers)"}


def _project_modules():
    for top in PROJECT_PACKAGES:
        package = importlib.import_module(top)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{top}."):
            parts = info.name.split(".")
            if "tests" in parts or "migrations" in parts:
                continue
            yield importlib.import_module(info.name)


def project_form_classes() -> dict[str, type]:
    """Every form, formset and filter set class the project defines, by where it lives.
    Formsets made by formset_factory() count where the factory was called."""
    found = {}
    for module in _project_modules():
        for attribute, value in sorted(vars(module).items()):
            if not (
                inspect.isclass(value) and issubclass(value, (BaseForm, BaseFormSet, FilterSet))
            ):
                continue
            made_here = value.__module__ == module.__name__
            made_by_factory = value.__module__.startswith("django.forms")
            if made_here or made_by_factory:
                found.setdefault(value, f"{module.__name__}.{attribute}")
    return {name: cls for cls, name in found.items()}


def _fuzz_tests() -> set[str]:
    return {
        name
        for module in FUZZ_MODULES
        for name, value in vars(module).items()
        if name.startswith("test_") and callable(value)
    }


def test_every_form_class_is_fuzzed():
    found = set(project_form_classes())
    missing = sorted(found - FUZZED_FORMS.keys() - NOT_FUZZED_FORMS.keys())
    assert not missing, f"form classes without a fuzz test (tests/fuzzing): {missing}"
    stale = sorted((FUZZED_FORMS.keys() | NOT_FUZZED_FORMS.keys()) - found)
    assert not stale, f"fuzz entries for form classes that no longer exist: {stale}"


def test_every_post_url_is_fuzzed():
    posting = {name for name, row in {**MATRIX, **ADMIN_MATRIX}.items() if row.post is not None}
    missing = sorted(posting - FUZZED_POSTS.keys() - NOT_FUZZED_POSTS.keys())
    assert not missing, f"POST URLs without a fuzz test (tests/fuzzing): {missing}"
    stale = sorted((FUZZED_POSTS.keys() | NOT_FUZZED_POSTS.keys()) - posting)
    assert not stale, f"fuzz entries for URLs that take no POST: {stale}"


def test_every_page_reading_its_query_is_fuzzed():
    with_query = {
        name for name, row in {**MATRIX, **ADMIN_MATRIX}.items() if row.query is not _nothing
    }
    missing = sorted(with_query - QUERY_PAGES.keys() - NOT_FUZZED_QUERIES.keys())
    assert not missing, f"pages reading a query without a row in the filter test: {missing}"
    assert set(QUERY_PAGES.values()) <= test_filter_queries.PAGES.keys()


def test_the_tests_named_here_exist():
    named = {test for tests in FUZZED_FORMS.values() for test in tests}
    named |= set(FUZZED_POSTS.values())
    assert named <= _fuzz_tests(), sorted(named - _fuzz_tests())
