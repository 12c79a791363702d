"""The back office's side of the integration tests: staff accounts made with reservactl, a
browser in miniature that keeps the staff cookie and sends each page's CSRF token back, and
TOTP codes computed here (RFC 6238, SHA-1, 6 digits, 30 s) independently of the store's code."""
import base64
import json
import hashlib
import hmac
import re
import struct
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
import os

from harness import BUILD, HTTP_PORT, STACK, Shopper, confirm, ctl, expect, make_variant, pay, preference_of, request, sql_value


def totp_code(secret_base32, when=None, step_offset=0):
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    counter = int((time.time() if when is None else when) // 30) + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1000000:06d}"


def ctl_with_stdin(text, *args):
    r = subprocess.run([os.path.join(BUILD, "reservactl"), "--config", os.path.join(STACK, "reserva.conf"), *args],
                       input=text, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def new_staff(role="staff", totp=False, password="correct horse battery"):
    """A fresh account: (email, password, totp secret or None)."""
    email = f"{role}-{uuid.uuid4().hex[:10]}@example.com"
    status, out, err = ctl_with_stdin(password + "\n", "staff", "add", "--email", email, "--name", f"Test {role}",
                                      "--role", role)
    if status != 0:
        raise RuntimeError(err)
    secret = None
    if totp:
        status, uri, err = ctl("staff", "totp", "--email", email)
        if status != 0:
            raise RuntimeError(err)
        secret = urllib.parse.parse_qs(urllib.parse.urlparse(uri.strip()).query)["secret"][0]
    return email, password, secret


def csrf_of(html):
    found = re.search(r'name="csrf_token" value="([0-9a-f]{32})"', html)
    return found.group(1) if found else None


class Staff:
    """Keeps cookies (by name, as a browser would for /admin/) and the newest page's form token."""

    def __init__(self):
        self.cookies = {}
        self.token = None
        self.last_set_cookies = []

    def _cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _remember(self, response):
        self.last_set_cookies = []
        for key, value in response.headers:
            if key.lower() != "set-cookie":
                continue
            self.last_set_cookies.append(value)
            name, _, cookie_value = value.split(";", 1)[0].partition("=")
            if "Max-Age=0" in value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = cookie_value
        token = csrf_of(response.text)
        if token:
            self.token = token
        return response

    def get(self, path):
        return self._remember(request("GET", path, headers={"Cookie": self._cookie_header()}))

    def post(self, path, form=None, token=True):
        form = dict(form or {})
        if token is True:
            form.setdefault("csrf_token", self.token or "")
        elif token:
            form["csrf_token"] = token
        return self._remember(request("POST", path, body=form, headers={"Cookie": self._cookie_header()}))

    def sign_in(self, email, password, code="", next_path=""):
        # Signed in already, the sign-in page redirects; the form still takes the session's token.
        self.get("/admin/login/" + (f"?next={urllib.parse.quote(next_path)}" if next_path else ""))
        form = {"email": email, "password": password, "totp": code}
        if next_path:
            form["next"] = next_path
        return self.post("/admin/login/", form)


def signed_in(role="staff"):
    """A Staff client signed in as a fresh account of that role (owners get a second factor, as
    the default require_totp = owner asks): (client, email)."""
    email, password, secret = new_staff(role, totp=(role == "owner"))
    client = Staff()
    r = client.sign_in(email, password, totp_code(secret) if secret else "")
    assert r.status == 303, f"sign-in answered {r.status}: {r.text[:300]}"
    client.get("/admin/")
    return client, email


SINK = f"http://127.0.0.1:{HTTP_PORT + 3}"


def messages_to(address):
    with urllib.request.urlopen(f"{SINK}/messages?to={address}", timeout=10) as r:
        return json.loads(r.read())


def wait_for(condition, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def paid_order(units=2, price="80.00", shopper=None):
    """A shopper who just paid for `units` of a fresh variant: (variant, shopper, order id, gateway payment id, e-mail)."""
    variant = make_variant(10, price=price)
    shopper = shopper or Shopper()
    email = f"buyer-{uuid.uuid4().hex[:8]}@example.com"
    for _ in range(units):
        shopper.add(*variant)
    r = confirm(shopper, email=email)
    payment_id, path = pay(preference_of(r.header("Location")))
    shopper.get(path)
    order = sql_value(f"SELECT order_id FROM payment WHERE gateway_payment_id = '{payment_id}'")
    expect(sql_value(f"SELECT end_date IS NOT NULL FROM shop_order WHERE id = {order}") == "1", "the order is paid")
    return variant, shopper, order, payment_id, email


def notify_address():
    """[mail] notify of the stack's configuration: where the store's copies go."""
    with open(os.path.join(STACK, "reserva.conf")) as f:
        for line in f:
            key, _, value = line.partition("=")
            if key.strip() == "notify":
                return value.split(";")[0].strip()
    return None
