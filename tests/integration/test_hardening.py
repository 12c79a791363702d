#!/usr/bin/env python3
"""What the store does for itself against outsiders (issue 17, item 5 and the smaller findings):
its own security headers (for any web server), a payment return that must name one of its own
links before the gateway is asked, a configuration it refuses at start-up, and the nginx site's
limit on POST /register/."""
import http.client
import os
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.parse
import warnings

from fastcgi_client import fastcgi_get
from harness import (BUILD, SOURCE, STACK, Shopper, app_log, confirmed_order, expect, expect_equal, pay, request,
                     run, sandbox, sql_value, stack_env, test)

HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


@test
def the_app_sends_its_own_security_headers_and_nginx_sends_each_once():
    raw = fastcgi_get(("127.0.0.1", int(stack_env()["FCGI_PORT"])), "/store/").decode("utf-8", "replace")
    head = raw.split("\r\n\r\n", 1)[0]
    for name, value in HEADERS.items():
        expect(f"{name}: {value}\r\n" in head + "\r\n", f"reserva-fcgi itself sends {name} (Apache sites get it too)")
    expect("Content-Security-Policy: default-src 'self'" in head, "and a Content-Security-Policy")
    for path in ["/store/", "/static/css/store.css", "/no-such-page/"]:
        r = request("GET", path)
        for name in list(HEADERS) + ["Content-Security-Policy"]:
            count = sum(1 for key, _ in r.headers if key.lower() == name.lower())
            expect_equal(count, 1, f"{name} on {path} ({r.status})")


@test
def a_return_that_names_no_link_of_this_store_does_not_ask_the_gateway():
    variant, shopper, preference, order = confirmed_order(4, 1)
    sandbox("/__sandbox/webhooks", {"enabled": False})  # only the return could finalize
    try:
        payment_id, return_path = pay(preference)
        before = len(app_log())
        for query in [f"payment_id={payment_id}", f"payment_id={payment_id}&external_reference=0123&preference_id={preference}",
                      f"collection_id={payment_id}&external_reference=&preference_id="]:
            r = shopper.get(f"/finalize_payment/?{query}")
            expect_equal(r.header("Location"), "/checkout/?error=payment_failed", query)
        expect_equal(sql_value(f"SELECT status FROM payment WHERE preference_id = '{preference}'"), "open",
                     "the approved payment was not fetched, so nothing was finalized")
        expect("names no payment link of this store: the gateway was not asked" in app_log()[before:], "logged")
        expect_equal(shopper.get(return_path).header("Location"), f"/order_approved/{order}/",
                     "the gateway's own return finalizes")
        expect_equal(sql_value(f"SELECT status FROM payment WHERE preference_id = '{preference}'"), "approved", "paid")
    finally:
        sandbox("/__sandbox/webhooks", {"enabled": True})


def start_with(replacements):
    with open(os.path.join(STACK, "reserva.conf")) as f:
        text = f.read()
    for key, value in replacements.items():
        text = "\n".join(f"{key} = {value}" if line.startswith(f"{key} =") else line for line in text.splitlines()) + "\n"
    path = os.path.join(STACK, "reserva-refused.conf")
    with open(path, "w") as f:
        f.write(text)
    app = subprocess.Popen([os.path.join(BUILD, "reserva-fcgi"), "--config", path],
                           env=dict(os.environ, RESERVA_TEMPLATE_DIR=os.path.join(SOURCE, "templates")),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _, err = app.communicate(timeout=5)
        return app.returncode, err
    except subprocess.TimeoutExpired:
        app.kill()
        app.communicate()
        return None, "it started"


@test
def a_config_with_plain_http_to_the_gateway_or_a_short_webhook_secret_is_refused_at_start_up():
    status, err = start_with({"api_base": "http://api.mercadopago.com", "listen": "127.0.0.1:1"})
    expect(status not in (None, 0) and "'payments.api_base' must be https://" in err, f"plain http api_base: {err}")
    status, err = start_with({"webhook_secret": "sandbox-webhook-secret", "listen": "127.0.0.1:1"})
    expect(status not in (None, 0) and "'payments.webhook_secret' must be at least 32 characters" in err,
           f"a 22-character secret: {err}")
    status, err = start_with({"webhook_secret": "", "listen": "127.0.0.1:1"})
    expect(status not in (None, 0) and "'payments.webhook_secret' is empty" in err, f"no secret: {err}")
    # ...while reservactl works without one (the Debian package migrates before it is set).
    config = os.path.join(STACK, "reserva-refused.conf")
    r = subprocess.run([os.path.join(BUILD, "reservactl"), "--config", config, "stock", "list"], capture_output=True,
                       text=True, env=dict(os.environ, RESERVA_SQL_DIR=os.path.join(SOURCE, "sql")))
    expect_equal(r.returncode, 0, f"reservactl with an empty webhook_secret: {r.stderr}")


@test
def nginx_limits_post_register_per_address_but_not_the_page():
    statuses = []
    form = urllib.parse.urlencode({"email": "not-an-email", "password": "x", "csrf_token": "x"})
    for _ in range(12):
        r = request("POST", "/register/", body=form, source="127.0.2.1",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        statuses.append(r.status)
    expect(429 in statuses, f"a burst of registrations from one address meets 429: {statuses}")
    expect_equal(request("GET", "/register/", source="127.0.2.1").status, 200, "the page itself is not limited")
    expect_equal(Shopper().get("/register/").status, 200, "another address is not limited")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@test
def the_shipped_site_serves_https_and_sends_plain_http_there():
    """The site file as shipped (not the stacks' plain-HTTP cut), with a throwaway certificate in
    place of the placeholders and loopback ports in place of 80 and 443, in a private nginx."""
    with tempfile.TemporaryDirectory() as folder:
        cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                            "/CN=shop.example.com", "-keyout", key, "-out", cert], capture_output=True, text=True)
        expect_equal(r.returncode, 0, f"openssl: {r.stderr}")
        plain, tls = free_port(), free_port()
        with open(os.path.join(SOURCE, "nginx", "reserva.conf.in")) as f:
            site = f.read()
        site = (site.replace("@pkgdatadir@", SOURCE).replace("/etc/ssl/certs/ssl-cert-snakeoil.pem", cert)
                .replace("/etc/ssl/private/ssl-cert-snakeoil.key", key)
                .replace("listen 80;", f"listen 127.0.0.1:{plain};").replace("listen 443 ssl http2;", f"listen 127.0.0.1:{tls} ssl http2;")
                .replace("unix:/run/reserva/fcgi.sock", f"127.0.0.1:{stack_env()['FCGI_PORT']}"))
        site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)  # IPv6 may be off here
        with open(os.path.join(folder, "site.conf"), "w") as f:
            f.write(site)
        with open(os.path.join(SOURCE, "nginx", "test-main.conf.in")) as f:
            main = f.read().replace("@DIR@", folder).replace("@SITE@", os.path.join(folder, "site.conf"))
        with open(os.path.join(folder, "nginx.conf"), "w") as f:
            f.write(main)
        log = os.path.join(folder, "error.log")
        r = subprocess.run(["nginx", "-p", folder, "-c", os.path.join(folder, "nginx.conf"), "-e", log],
                           capture_output=True, text=True)
        expect_equal(r.returncode, 0, f"nginx: {r.stderr}")
        try:
            context = ssl.create_default_context(cafile=cert)
            context.check_hostname = False  # connected by address; the certificate itself is verified
            answer = None
            for _ in range(50):
                try:
                    conn = http.client.HTTPSConnection("127.0.0.1", tls, timeout=10, context=context)
                    conn.request("GET", "/store/", headers={"Host": "shop.example.com"})
                    response = conn.getresponse()
                    answer = (response.status, response.getheaders(), response.version)
                    conn.close()
                    break
                except (OSError, ssl.SSLError):
                    time.sleep(0.1)
            expect(answer is not None, "nginx answered on its TLS port")
            status, headers, _ = answer
            expect_equal(status, 200, "the store over https")
            hsts = [v for k, v in headers if k.lower() == "strict-transport-security"]
            expect_equal(hsts, ["max-age=63072000"], "HSTS once")
            for version in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1):
                old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                old.check_hostname, old.verify_mode = False, ssl.CERT_NONE
                old.set_ciphers("DEFAULT:@SECLEVEL=0")  # so that this client does offer it: the server must refuse
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", DeprecationWarning)
                        old.minimum_version = old.maximum_version = version
                except ValueError:
                    continue  # this OpenSSL cannot even offer it
                try:
                    with socket.create_connection(("127.0.0.1", tls), timeout=10) as raw:
                        with old.wrap_socket(raw, server_hostname="shop.example.com"):
                            refused = False
                except (ssl.SSLError, OSError):
                    refused = True
                expect(refused, f"{version.name} is refused")
            conn = http.client.HTTPConnection("127.0.0.1", plain, timeout=10)
            conn.request("GET", "/store/?page=2", headers={"Host": "shop.example.com"})
            response = conn.getresponse()
            expect_equal((response.status, response.getheader("Location")), (301, "https://shop.example.com/store/?page=2"),
                         "plain HTTP is sent to https")
            conn.close()
        finally:
            with open(os.path.join(folder, "nginx.pid")) as f:
                os.kill(int(f.read().strip()), 15)
            time.sleep(0.5)


run()
