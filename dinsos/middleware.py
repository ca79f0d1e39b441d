from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Indonesian for everyone unless they chose another language in the header menu.

    Django's LocaleMiddleware follows the browser's Accept-Language, and many office
    computers are set to English; the office works in Indonesian, so only an explicit
    choice (the cookie written by `set_language`) switches the language.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
