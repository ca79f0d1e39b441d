"""Log in to the registry the load test started and print what wrk needs.

Usage: loadtest_login.py BASE_URL USERNAME PASSWORD
Prints one line: the session cookie ("sessionid=...") and the id of the first client on
the client list. Exits non-zero if the login fails: django-axes counts failed logins,
so the load test must get it right the first time rather than retry.
"""

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

SESSION_COOKIE = "sessionid"


def main(base, username, password):
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        sys.exit(f"loadtest: {base!r} is not an http(s) address")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{base}/accounts/login/"
    page = opener.open(login_url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        sys.exit("loadtest: no CSRF token on the login page")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
            "next": "/clients/",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (an http(s) address, checked above)
        login_url, data=form, headers={"Referer": login_url}
    )
    # The redirect after a successful login is followed to the client list.
    response = opener.open(request, timeout=30)
    if urllib.parse.urlsplit(response.geturl()).path != "/clients/":
        sys.exit(f"loadtest: login as {username} failed (ended on {response.geturl()})")
    session = next((c.value for c in jar if c.name == SESSION_COOKIE), None)
    client = re.search(r'href="/clients/(\d+)/"', response.read().decode())
    if not session or not client:
        sys.exit("loadtest: logged in, but no session cookie or no client on the list")
    print(f"{SESSION_COOKIE}={session} {client.group(1)}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
