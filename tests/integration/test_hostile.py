#!/usr/bin/env python3
"""A hostile-input battery through nginx (issue 8): huge bodies, broken encodings, non-UTF-8,
odd ids, injection strings in every field, cookie and header, odd methods, long paths and
headers, bad chunked bodies, path traversal. Never a 5xx, never a hang, nothing changed, HTML
never echoed unescaped, and the server answers normally afterwards."""
import time
import urllib.parse

from harness import (ADDRESS, HTTP_PORT, Shopper, app_pid, expect, expect_equal, get, make_variant, raw_request,
                     request, run, sql_value, test)

INJECTIONS = ["' OR '1'='1", "1; DROP TABLE product; --", "\" onmouseover=\"alert(1)", "<script>alert(1)</script>",
              "<img src=x onerror=alert(1)>", "../../../../etc/passwd", "%00", "${7*7}", "{{7*7}}", "\\x00\\xff"]
BAD_BYTES = [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\x00", b"%zz%", b"%", b"%%%%"]


def ledger():
    """What must not change: products, stock, clients with e-mail, payments, finished orders."""
    return sql_value("SELECT CONCAT_WS('/', (SELECT COUNT(*) FROM product), (SELECT SUM(quantity) FROM item_stock),"
                     " (SELECT COUNT(*) FROM client WHERE email IS NOT NULL), (SELECT COUNT(*) FROM payment),"
                     " (SELECT COUNT(*) FROM shop_order WHERE end_date IS NOT NULL))")


def raw(data, timeout=10):
    """Raw bytes to nginx; the status (0 when the server closed without one)."""
    try:
        return raw_request(data, timeout=timeout)
    except (ConnectionResetError, BrokenPipeError):
        return 0


def expect_no_5xx(status, what):
    expect(status < 500, f"{what} answered {status}")


@test
def bodies_too_large_are_refused_quickly():
    for path in ["/checkout/", "/add_to_cart/1/", "/login/", "/payments/webhook"]:
        started = time.time()
        r = request("POST", path, body=b"a=" + b"x" * (10 * 1024 * 1024),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        expect_equal(r.status, 413, f"10 MB to {path}")
        expect(time.time() - started < 10, "no hang")


@test
def broken_encodings_and_bytes_in_forms_never_5xx_and_change_nothing():
    shopper = Shopper()
    variant = make_variant(3)
    shopper.add(*variant)
    before = ledger()
    token = shopper.csrf_token()
    cookie = "; ".join(f"{k}={v}" for k, v in shopper.cookies.items())
    for bad in BAD_BYTES:
        for path in [f"/add_to_cart/{variant[0]}/", f"/remove_from_cart/{variant[0]}/", "/checkout/", "/login/",
                     "/addresses/", "/logout/"]:
            body = b"csrf_token=" + token.encode() + b"&color=" + bad + b"&size=" + bad + b"&street=" + bad + \
                   b"&number=1&neighborhood=" + bad + b"&city=x&state=SP&zip=01310100&email=" + bad + \
                   b"%40example.com&password=" + bad + b"&name=" + bad
            r = request("POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                           "Cookie": cookie})
            expect_no_5xx(r.status, f"{path} with {bad!r}")
    expect_equal(shopper.cart()[1], {variant: 1}, "the cart is as it was")
    expect_equal(ledger(), before, "no product, stock, account or payment changed")
    for bad in BAD_BYTES[:4]:
        r = request("POST", "/register/", body=b"csrf_token=" + token.encode() + b"&email=a" + bad + b"@example.com&password="
                    b"longenough&name=" + bad, headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        expect_equal(r.status, 400, f"registration with {bad!r} is refused")
    expect_equal(ledger(), before, "no account was made from broken bytes")


@test
def odd_ids_everywhere_are_404_or_400():
    shopper = Shopper()
    shopper.get("/store/")
    for odd in ["-1", "0", "99999999999999999999", "1e3", "0x10", "1.0", " 1", "%31", "１", "NaN", "9007199254740993"]:
        odd = urllib.parse.quote(odd)
        for path in [f"/product/{odd}/", f"/order_approved/{odd}/"]:
            r = get(path.replace(" ", "%20"))
            expect(r.status in (400, 404), f"{path} answered {r.status}")
        r = shopper.post("/add_to_cart/1/", {"color": odd, "size": "M"})
        expect(r.status in (303, 404), f"color={odd} answered {r.status}")
        r = shopper.post("/checkout/", dict(ADDRESS, address_id=odd))
        expect_no_5xx(r.status, f"address_id={odd}")
    r = get("/finalize_payment/?payment_id=-1&collection_id=99999999999999999999999")
    expect_equal(r.header("Location"), "/checkout/?error=payment_failed", "odd payment ids")


@test
def injection_strings_in_every_field_cookie_and_header_are_inert():
    shopper = Shopper()
    variant = make_variant(3)
    shopper.add(*variant)
    before = ledger()
    for attack in INJECTIONS:
        form = {field: attack for field in ["street", "number", "complement", "neighborhood", "city", "state", "zip",
                                            "email", "color", "size", "address_id", "next", "name", "password"]}
        for path in ["/checkout/", f"/add_to_cart/{variant[0]}/", "/login/", "/register/"]:
            r = shopper.post(path, form)
            expect_no_5xx(r.status, f"{path} with {attack!r}")
            expect("<script>alert(1)</script>" not in r.text and "<img src=x onerror" not in r.text,
                   f"{path} echoed {attack!r} unescaped")
        for path in ["/store/", "/cart/", f"/product/{variant[0]}/", "/my_orders/",
                     f"/product/{variant[0]}/?error={urllib.parse.quote(attack)}"]:
            header_safe = attack.replace("\\x00", "")
            r = request("GET", path, headers={"Cookie": f"id_session={header_safe}; csrf={header_safe}; login={header_safe}",
                                              "Referer": header_safe, "User-Agent": header_safe, "X-Request-Id": header_safe})
            expect_no_5xx(r.status, f"{path} with cookies {attack!r}")
            expect("<script>alert(1)</script>" not in r.text, f"{path} reflected the script")
    expect_equal(ledger(), before, "nothing changed")
    expect_equal(shopper.cart()[1], {variant: 1}, "the cart is intact")


@test
def odd_methods_long_paths_long_headers_and_bad_chunking():
    for method in [b"BREW", b"TRACE", b"CONNECT", b"PROPFIND", b"get", b"G\x00T"]:
        expect_no_5xx(raw(method + b" /store/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), f"method {method!r}")
    expect_no_5xx(raw(b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), "a 20 kB path")
    expect_no_5xx(raw(b"GET /store/ HTTP/1.1\r\nHost: x\r\nX-Long: " + b"b" * 20000 + b"\r\nConnection: close\r\n\r\n"),
                  "a 20 kB header")
    expect_no_5xx(raw(b"GET /store/ HTTP/1.1\r\nHost: x\r\nCookie: " + b"c=d; " * 3000 + b"\r\nConnection: close\r\n\r\n"),
                  "a huge cookie")
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(500))
    expect_no_5xx(raw(b"GET /store/ HTTP/1.1\r\nHost: x\r\n" + many + b"Connection: close\r\n\r\n"), "500 headers")
    for chunked in [b"zz\r\nabc\r\n0\r\n\r\n", b"ffffffffffffffff\r\nabc\r\n", b"3\r\nabcdef\r\n0\r\n\r\n", b"-1\r\n\r\n"]:
        status = raw(b"POST /add_to_cart/1/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n" + chunked)
        expect_no_5xx(status, f"chunked {chunked!r}")
    status = raw(b"POST /checkout/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nConnection: close\r\n\r\nshort", timeout=40)
    expect_no_5xx(status, "a body shorter than announced")


@test
def path_traversal_never_reaches_files():
    for path in ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fetc/passwd",
                 "/static//etc/passwd", "/../etc/passwd", "/static/css/../../../../../etc/passwd"]:
        status = raw(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        expect(status in (400, 403, 404), f"{path} answered {status}")
        r = get(path) if " " not in path else None
        expect(r is None or "root:" not in r.text, f"{path} leaked a file")


@test
def security_headers_and_no_version_leak():
    r = get("/store/")
    expect_equal(r.header("X-Content-Type-Options"), "nosniff", "nosniff")
    expect_equal(r.header("X-Frame-Options"), "DENY", "no framing")
    expect("frame-ancestors 'none'" in (r.header("Content-Security-Policy") or ""), f"CSP: {r.header('Content-Security-Policy')}")
    expect(r.header("Server") == "nginx", f"no version in Server: {r.header('Server')}")
    expect(r.header("X-Powered-By") is None, "no X-Powered-By")


@test
def the_server_answers_normally_afterwards():
    pid = app_pid()
    for _ in range(3):
        expect_equal(get("/store/").status, 200, "the catalog")
    expect_equal(app_pid(), pid, "the same process throughout")
    shopper = Shopper()
    variant = make_variant(2)
    shopper.add(*variant)
    expect_equal(shopper.cart()[1], {variant: 1}, "and shopping works")


run()
