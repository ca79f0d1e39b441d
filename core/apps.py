from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared infrastructure that knows nothing of clients: the record bases and their
    writes, the change history as readable entries, private file storage, photo
    preparation, paginators, form helpers and the extension points (extensions.py).

    It has no models of its own (records.py holds abstract ones only) and imports neither
    `beneficiaries` nor `programs`; both import it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
