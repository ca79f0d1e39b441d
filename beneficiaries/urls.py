from django.urls import path

from .views import clients, regions

app_name = "beneficiaries"

urlpatterns = [
    path("clients/", clients.client_list, name="client_list"),
    path("clients/new/", clients.client_create, name="client_create"),
    path("clients/<int:pk>/", clients.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", clients.client_edit, name="client_edit"),
    path("clients/<int:pk>/notes/", clients.case_note_create, name="case_note_create"),
    path("clients/<int:pk>/photo/", clients.client_photo, name="client_photo"),
    path("regions/districts/", regions.district_options, name="district_options"),
    path("regions/villages/", regions.village_options, name="village_options"),
]
