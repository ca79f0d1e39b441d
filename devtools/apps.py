from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "devtools"
    # Not translated: the app has no models, so no page shows its name, and a msgid here
    # would have to enter the Indonesian catalogue for nothing.
    verbose_name = "Developer tools"
