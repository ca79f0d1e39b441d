"""The login forms of the site and of Django admin, with a failed-login message that reads
well in Indonesian.

Django's Indonesian catalogue translates "Please enter a correct %(username)s and
password" as "Masukkan nama pengguna %(username)s ...", and %(username)s is itself
"nama pengguna": users read "nama pengguna nama pengguna". These forms carry the same
message as a msgid of our own catalogue, translated without the repetition.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct %(username)s and password. Note that both fields may be "
            "case-sensitive."
        ),
    }


class AdminLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct %(username)s and password for a staff account. Note "
            "that both fields may be case-sensitive."
        ),
    }
