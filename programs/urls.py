from django.urls import path

from .views import grants, training

app_name = "programs"

urlpatterns = [
    path("programs/", training.program_list, name="program_list"),
    path("programs/<int:pk>/", training.program_detail, name="program_detail"),
    path("programs/<int:pk>/batches/new/", training.batch_create, name="batch_create"),
    path("programs/batches/<int:pk>/", training.batch_detail, name="batch_detail"),
    path("programs/batches/<int:pk>/enrol/", training.batch_enrol, name="batch_enrol"),
    path("programs/enrolments/<int:pk>/", training.enrolment_edit, name="enrolment_edit"),
    path(
        "programs/enrolments/<int:pk>/status/",
        training.enrolment_status,
        name="enrolment_status",
    ),
    path("programs/grants/new/<int:client_pk>/", grants.grant_create, name="grant_create"),
    path("programs/grants/<int:pk>/", grants.grant_detail, name="grant_detail"),
    path("programs/grants/<int:pk>/document/", grants.grant_document, name="grant_document"),
]
