from django.urls import path

from .views import client_records, clients, exports, imports, regions

app_name = "beneficiaries"

urlpatterns = [
    path("clients/", clients.client_list, name="client_list"),
    path("clients/new/", clients.client_create, name="client_create"),
    path("clients/import/", imports.client_import, name="client_import"),
    path("clients/import/template/", imports.client_import_template, name="client_import_template"),
    path("clients/import/<int:pk>/", imports.client_import_preview, name="client_import_preview"),
    path(
        "clients/import/<int:pk>/confirm/",
        imports.client_import_confirm,
        name="client_import_confirm",
    ),
    path("clients/export.csv", exports.client_export_csv, name="client_export_csv"),
    path("clients/export.xlsx", exports.client_export_xlsx, name="client_export_xlsx"),
    path("clients/<int:pk>/", clients.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", clients.client_edit, name="client_edit"),
    path("clients/<int:pk>/notes/", clients.case_note_create, name="case_note_create"),
    path("clients/<int:pk>/photo/", clients.client_photo, name="client_photo"),
    path("clients/<int:pk>/archive/", clients.client_archive, name="client_archive"),
    path("clients/<int:pk>/history/", client_records.client_history, name="client_history"),
    path(
        "clients/<int:pk>/subject-access/",
        client_records.client_subject_access,
        name="client_subject_access",
    ),
    path("regions/districts/", regions.district_options, name="district_options"),
    path("regions/villages/", regions.village_options, name="village_options"),
]
