#!/usr/bin/env python3
"""The store through Apache (issue 19): a private Debian apache2 runs the shipped site file
(apache/reserva.conf.in: mod_proxy_fcgi to a unix socket) in front of a reserva-fcgi of its own
on the stack's database, sandbox and mail sink. The shopper journey (cart, checkout, payment
return, webhook, order page), chunked bodies with and without proxy-sendcl, an absolute-form
request line, the body limits, static files and media, the headers, and a hostile-input sample;
links and routes are compared with nginx's. The site's commented mod_fcgid variant runs too."""
import atexit
import os
import re
import time

import harness
from apache_instance import ApacheStack
from fastcgi_client import fastcgi_request
from harness import (ADDRESS, Shopper, expect, expect_equal, make_variant, pay, preference_of, raw_head, raw_request,
                     request, run, sandbox_state, sql_value, stock_of, test)

NGINX_PORT = harness.HTTP_PORT
apache = ApacheStack(NGINX_PORT + 5, NGINX_PORT + 6, NGINX_PORT + 7) if NGINX_PORT else None


def through(port):
    """Sends the harness's requests (Shopper, request, raw_request) to this port from now on."""
    harness.HTTP_PORT = port


def ledger():
    """What a refused request must not change: products, stock, clients with e-mail, payments."""
    return sql_value("SELECT CONCAT_WS('/', (SELECT COUNT(*) FROM product), (SELECT SUM(quantity) FROM item_stock),"
                     " (SELECT COUNT(*) FROM client WHERE email IS NOT NULL), (SELECT COUNT(*) FROM payment))")


def chunked_post(path, body, cookie=""):
    """POST with Transfer-Encoding: chunked (no Content-Length), as a streaming client sends it;
    returns a harness.Response with the status and headers (the body is not read)."""
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 8192]), body[i:i + 8192]) for i in range(0, len(body), 8192))
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{harness.HTTP_PORT}\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n")
    lines = raw_head(head.encode() + chunks + b"0\r\n\r\n").decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1]) if lines[0].startswith("HTTP/") else 0
    headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:] if ":" in line]
    return harness.Response(status, headers, b"")


def links(page):
    """Every link, form target and asset of a page, the CSRF token left out."""
    return sorted(set(re.findall(r'(?:href|action|src)="([^"]*)"', page)))


@test
def static_files_and_media_come_from_apache_with_the_sites_headers():
    through(apache.port)
    with open(os.path.join(apache.media, "photo.svg"), "w") as f:
        f.write('<svg xmlns="http://www.w3.org/2000/svg"/>')
    for path, kind in [("/static/css/store.css", "text/css"), ("/media/photo.svg", "image/svg+xml")]:
        r = request("GET", path)
        expect_equal(r.status, 200, path)
        expect_equal(r.header("Content-Type"), kind, f"{path}'s type")
        expect_equal(r.header("X-Content-Type-Options"), "nosniff", f"{path}: nosniff")
        expect("max-age=604800" in (r.header("Cache-Control") or ""), f"{path} is cached a week")
    expect("GET /static/" not in apache.app_log() and "GET /media/" not in apache.app_log(),
           "the app never saw the static or media requests")
    for path in ["/store/", "/no/such/page/"]:
        r = request("GET", path)
        expect_equal(r.header("X-Frame-Options"), "DENY", f"{path}: no framing")
        expect("frame-ancestors 'none'" in (r.header("Content-Security-Policy") or ""), f"{path}: CSP")
        expect_equal(r.header("Referrer-Policy"), "same-origin", f"{path}: referrer policy")
        expect_equal(r.header("Server"), "Apache", f"{path}: no version in Server")
        for name in ["X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy"]:
            expect_equal(sum(1 for key, _ in r.headers if key.lower() == name.lower()), 1, f"{path}: {name} once")
    # The headers of every page the same as through the nginx site (TLS's HSTS aside).
    for path in ["/store/", "/admin/login/"]:
        under_apache = request("GET", path)
        through(NGINX_PORT)
        under_nginx = request("GET", path)
        through(apache.port)
        for name in ["X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy"]:
            expect_equal(under_apache.header(name), under_nginx.header(name), f"{path}: {name} as under nginx")


@test
def pages_keep_their_content_length_and_have_the_same_links_as_under_nginx():
    through(apache.port)
    r = request("GET", "/store/")
    expect_equal(r.status, 200, "the catalog")
    expect_equal(r.header("Content-Length"), str(len(r.body)), "the app's Content-Length is kept (ap_trust_cgilike_cl)")
    expect(r.header("Transfer-Encoding") is None, "not chunked")
    head = request("HEAD", "/store/")
    expect_equal((head.status, head.body), (200, b""), "HEAD: no body")
    expect(int(head.header("Content-Length") or 0) > 0, "HEAD: the length of the page")
    product = re.search(r'href="(/product/\d+/)"', r.text).group(1)
    for path in ["/store/", product, "/cart/", "/login/", "/no/such/page/"]:
        through(apache.port)
        under_apache = request("GET", path)
        through(NGINX_PORT)
        under_nginx = request("GET", path)
        expect_equal(under_apache.status, under_nginx.status, f"{path}: the same status")
        expect_equal(links(under_apache.text), links(under_nginx.text), f"{path}: the same links")


@test
def a_whole_purchase_through_apache():
    through(apache.port)
    variant = make_variant(5, price="70.00")
    shopper = Shopper()
    for _ in range(2):
        expect_equal(shopper.add(*variant).status, 303, "add to cart")
    expect_equal(shopper.cart()[1], {variant: 2}, "the cart")
    expect_equal(shopper.get("/checkout/").status, 200, "the checkout page")
    r = shopper.post("/checkout/", ADDRESS)
    expect_equal(r.status, 303, f"confirm: {r.text[:300]}")
    preference = preference_of(r.header("Location"))
    sent = next(p for p in sandbox_state()["preferences"] if p["id"] == preference)
    expect_equal(sent["notification_url"], f"http://127.0.0.1:{apache.port}/payments/webhook", "webhook via Apache")
    payment_id, return_path = pay(preference)
    order = sql_value(f"SELECT order_id FROM payment WHERE preference_id = '{preference}'")
    r = shopper.get(return_path)
    expect_equal((r.status, r.header("Location")), (303, f"/order_approved/{order}/"), "the payment return")
    deadline = time.time() + 15
    delivered = []
    while time.time() < deadline and not delivered:
        delivered = [w for w in sandbox_state()["webhooks"]
                     if f"data.id={payment_id}" in w["url"] and w["status"] == 200]
        time.sleep(0.1)
    expect(delivered and delivered[0]["url"].startswith(f"http://127.0.0.1:{apache.port}/"),
           f"the sandbox's webhook was answered 200 by Apache: {delivered}")
    expect("POST /payments/webhook" in apache.app_log(), "the webhook reached the app behind Apache")
    page = shopper.get(f"/order_approved/{order}/")
    expect("is confirmed" in page.text and 'data-order-total="14000"' in page.text, "the order page")
    expect_equal(stock_of(variant), 3, "5 - 2, once")
    expect_equal(sql_value(f"SELECT status FROM payment WHERE preference_id = '{preference}'"), "approved", "payment")


@test
def a_chunked_add_to_cart_is_read_whole_with_and_without_proxy_sendcl():
    variant = make_variant(3)
    for port in [apache.plain_port, apache.port]:
        through(port)
        shopper = Shopper()
        shopper.get("/store/")
        cookie = "; ".join(f"{k}={v}" for k, v in shopper.cookies.items())
        # 20 kB of padding before the token: an app that read no body would see no token (403).
        body = (f"color={variant[1]}&size={variant[2]}&note=" + "x" * 20000 +
                f"&csrf_token={shopper.csrf_token()}").encode()
        r = shopper._remember(chunked_post(f"/add_to_cart/{variant[0]}/", body, cookie))
        expect_equal(r.status, 303, f"the chunked add to cart on port {port} (Location {r.header('Location')})")
        expect_equal(shopper.cart()[1], {variant: 1}, f"the line is in the cart (port {port})")


@test
def bodies_over_the_limit_are_413_chunked_or_not_and_reach_no_form():
    before = ledger()
    big = b"a=" + b"x" * (2 * 1024 * 1024)
    for port in [apache.plain_port, apache.port]:
        through(port)
        expect_equal(chunked_post("/checkout/", big).status, 413, f"a 2 MB chunked body on port {port}")
        expect_equal(request("POST", "/checkout/", body=big).status, 413, f"a 2 MB counted body on port {port}")
        # Back-office uploads may be up to 10 MiB: Apache lets 2 MB through to the app there.
        status = request("POST", "/admin/upload-test/", body=big).status
        expect(status != 413 and status < 500, f"2 MB under /admin/ answered {status}")
        expect_equal(request("POST", "/admin/upload-test/", body=b"a=" + b"x" * (11 * 1024 * 1024)).status, 413,
                     f"11 MB under /admin/ on port {port}")
    # Straight to the app, past any web server's limit: a body with no CONTENT_LENGTH is capped.
    answer = fastcgi_request(apache.socket, {"REQUEST_METHOD": "POST", "REQUEST_URI": "/checkout/",
                                             "CONTENT_TYPE": "application/x-www-form-urlencoded"}, big, timeout=30)
    expect(answer.startswith(b"Status: 413"), f"the app itself: {answer[:80]!r}")
    expect_equal(ledger(), before, "nothing changed")


@test
def an_absolute_form_request_line_routes_on_its_path_under_both_servers():
    variant = make_variant(2)
    for port in [apache.port, NGINX_PORT]:
        through(port)
        for path, wanted in [("/store/", 200), (f"/product/{variant[0]}/", 200), ("/cart/", 200),
                             ("/no/such/page/", 404)]:
            status = raw_request(f"GET http://127.0.0.1:{port}{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                                 f"Connection: close\r\n\r\n".encode())
            expect_equal(status, wanted, f"GET http://127.0.0.1:{port}{path}")


@test
def a_hostile_sample_through_apache_never_5xx_and_changes_nothing():
    through(apache.port)
    variant = make_variant(3)
    shopper = Shopper()
    shopper.add(*variant)
    before = ledger()
    for attack in ["' OR '1'='1", "<script>alert(1)</script>", "../../../../etc/passwd", "\xff\xfe", "%zz", "{{7*7}}"]:
        form = {field: attack for field in ["street", "number", "city", "state", "zip", "email", "color", "size"]}
        for path in ["/checkout/", f"/add_to_cart/{variant[0]}/", "/login/"]:
            r = shopper.post(path, form)
            expect(r.status < 500, f"{path} with {attack!r} answered {r.status}")
            expect("<script>alert(1)</script>" not in r.text, f"{path} echoed {attack!r} unescaped")
    for odd in ["-1", "99999999999999999999", "0x10", "%31"]:
        expect(request("GET", f"/product/{odd}/").status in (400, 404), f"/product/{odd}/")
    for path in [b"/static/../../../../etc/passwd", b"/static/..%2f..%2fetc/passwd", b"/../etc/passwd",
                 b"/store/%00", b"/cart%2F"]:
        status = raw_request(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        expect(status in (400, 403, 404), f"{path!r} answered {status}")
    for chunked in [b"zz\r\nabc\r\n0\r\n\r\n", b"3\r\nabcdef\r\n0\r\n\r\n", b"-1\r\n\r\n"]:
        status = raw_request(b"POST /add_to_cart/1/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                             b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n" + chunked)
        expect(status < 500, f"bad chunking {chunked!r} answered {status}")
    for method in [b"BREW", b"TRACE", b"PROPFIND"]:
        status = raw_request(method + b" /store/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        expect(status < 500, f"method {method!r} answered {status}")
    expect_equal(ledger(), before, "nothing changed")
    expect_equal(shopper.cart()[1], {variant: 1}, "the cart is intact")
    expect(apache.app.poll() is None, "the app behind Apache still runs")
    expect_equal(request("GET", "/store/").status, 200, "and answers")


@test
def the_mod_fcgid_variant_works_as_shipped():
    # Apache starts reserva-fcgi itself and hands it a listening socket on standard input.
    through(apache.fcgid_port)
    variant = make_variant(2)
    r = request("GET", "/store/")
    expect_equal(r.status, 200, "the catalog through mod_fcgid")
    expect_equal(request("GET", "/static/css/store.css").status, 200, "static files from Apache")
    shopper = Shopper()
    expect_equal(shopper.add(*variant).status, 303, "add to cart")
    expect_equal(shopper.cart()[1], {variant: 1}, "the cart")
    r = shopper.post("/checkout/", ADDRESS)
    expect(r.status == 303 and "pref_id=" in (r.header("Location") or ""), f"checkout to the gateway: {r.status}")
    big = b"a=" + b"x" * (2 * 1024 * 1024)
    expect_equal(request("POST", "/checkout/", body=big).status, 413, "the body limit")
    expect_equal(chunked_post("/checkout/", big).status, 413, "a chunked body past the limit")


if apache:
    atexit.register(apache.stop)
    try:
        apache.start()
    except Exception as e:  # every test then fails with the reason, rather than no test at all
        print(f"# the Apache stack did not start: {e}")
run()
through(NGINX_PORT)
