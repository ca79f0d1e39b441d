from django.urls import path

from .views import businesses, grants, grievances, reports, training, worklist

app_name = "programs"

urlpatterns = [
    path("programs/", training.program_list, name="program_list"),
    path("programs/<int:pk>/", training.program_detail, name="program_detail"),
    path("programs/<int:pk>/batches/new/", training.batch_create, name="batch_create"),
    path("programs/batches/<int:pk>/", training.batch_detail, name="batch_detail"),
    path("programs/batches/<int:pk>/enrol/", training.batch_enrol, name="batch_enrol"),
    path("programs/enrolments/<int:pk>/", training.enrolment_edit, name="enrolment_edit"),
    path(
        "programs/enrolments/<int:pk>/archive/",
        training.enrolment_archive,
        name="enrolment_archive",
    ),
    path(
        "programs/enrolments/<int:pk>/status/",
        training.enrolment_status,
        name="enrolment_status",
    ),
    path("programs/grants/new/<int:client_pk>/", grants.grant_create, name="grant_create"),
    path("programs/grants/<int:pk>/", grants.grant_detail, name="grant_detail"),
    path("programs/grants/<int:pk>/document/", grants.grant_document, name="grant_document"),
    path("programs/grants/<int:pk>/archive/", grants.grant_archive, name="grant_archive"),
    path(
        "programs/clients/<int:client_pk>/businesses/new/",
        businesses.business_create,
        name="business_create",
    ),
    path(
        "programs/clients/<int:client_pk>/record-visit/",
        businesses.client_record_visit,
        name="client_record_visit",
    ),
    path("programs/businesses/<int:pk>/", businesses.business_detail, name="business_detail"),
    path("programs/businesses/<int:pk>/visits/new/", businesses.visit_create, name="visit_create"),
    path("programs/visits/<int:pk>/photo/", businesses.visit_photo, name="visit_photo"),
    path("programs/visits/<int:pk>/archive/", businesses.visit_archive, name="visit_archive"),
    path("grievances/", grievances.grievance_list, name="grievance_list"),
    path("grievances/new/", grievances.grievance_create, name="grievance_create"),
    path(
        "grievances/new/<int:client_pk>/",
        grievances.grievance_create,
        name="grievance_create_for_client",
    ),
    path("grievances/report/", grievances.grievance_report_page, name="grievance_report"),
    path("grievances/<int:pk>/", grievances.grievance_detail, name="grievance_detail"),
    path("grievances/<int:pk>/assign/", grievances.grievance_assign, name="grievance_assign"),
    path("grievances/<int:pk>/status/", grievances.grievance_status, name="grievance_status"),
    path("grievances/<int:pk>/notes/", grievances.grievance_note, name="grievance_note"),
    path(
        "grievances/attachments/<int:pk>/",
        grievances.grievance_attachment,
        name="grievance_attachment",
    ),
    path("worklist/", worklist.worklist, name="worklist"),
    path("reports/outcomes/", reports.outcomes, name="report_outcomes"),
]
