import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


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


class SessionLifetimeMiddleware:
    """End a login after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS
    after it began however busy it is.

    Idle: a stored session, and its cookie, expire SESSION_COOKIE_AGE after the session was
    last saved. Django's SESSION_SAVE_EVERY_REQUEST would push that forward with a
    database write on every request; here a logged-in session is saved again once its
    last renewal is a minute old, so it ends at most a minute before the idle time after
    its last request is up, for one write a minute at most.

    Absolute: the idle timeout never ends a session in use, so a stolen session cookie, or
    an office computer left logged in, would stay valid for ever. The time of the login is
    kept in the session; once SESSION_MAX_HOURS have passed, the next request logs the user
    out and the login page says why.
    """

    LOGGED_IN_AT = "_dinsos_logged_in_at"
    RENEWED_AT = "_dinsos_renewed_at"
    RENEW_AFTER = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        if request.user.is_authenticated:
            logged_in_at = request.session.get(self.LOGGED_IN_AT)
            if logged_in_at is not None and now - logged_in_at >= settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                # After logout, so that the message survives the flushed session.
                messages.info(request, _("Your session has expired. Please log in again."))
        session_key = request.session.session_key

        response = self.get_response(request)

        session = request.session
        if not request.user.is_authenticated:
            return response
        # Logging in always gives the session a new key (Django's cycle_key or flush), so
        # a new key means this request logged the user in. So does a password change
        # (update_session_auth_hash), which asks for the old password: a fresh login too.
        # A session with no login time (one from before this middleware, or made by the
        # test client's force_login) gets one when it is saved anyway; until then it
        # keeps the expiry it has.
        new_login = session.session_key != session_key
        if new_login or (self.LOGGED_IN_AT not in session and session.modified):
            session[self.LOGGED_IN_AT] = session[self.RENEWED_AT] = now
        elif (
            self.LOGGED_IN_AT in session
            and now - session.get(self.RENEWED_AT, 0) >= self.RENEW_AFTER
        ):
            session[self.RENEWED_AT] = now  # saved, with a new expiry
        return response


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response to a logged-in user.

    Nearly every page, download and export of the registry holds personal data (full NIKs
    on the client page and its edit form, the worklist CSV, the report's files). Without
    this header a browser may keep them on disk and a shared proxy may hand them to the
    next person. Static assets never reach this middleware: WhiteNoise, earlier in the
    chain, answers them with their own long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
