#!/usr/bin/env python3
"""Real statuses with small pages for people, and no 5xx for anything a client sends."""
from harness import expect, expect_equal, get, raw_request, request, run, sql_value, test


@test
def oversized_body_is_413():
    r = request("POST", "/checkout/", body=b"a=" + b"x" * (2 * 1024 * 1024),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    expect_equal(r.status, 413, "status of a 2 MB POST")


@test
def unknown_path_is_404_page():
    r = get("/no/such/page/")
    expect_equal(r.status, 404, "status")
    expect("<h1>" in r.text and "Back to the store" in r.text, "a small page with a way back")


@test
def wrong_method_is_405_with_allow_header():
    r = request("POST", "/store/", body={"a": "1"})
    expect_equal(r.status, 405, "status of POST /store/")
    expect_equal(r.header("Allow"), "GET", "Allow header")
    r = request("DELETE", "/product/1/")
    expect_equal(r.status, 405, "status of DELETE /product/1/")


@test
def hostile_query_strings_and_paths_never_produce_5xx():
    product = sql_value("SELECT MIN(id) FROM product")
    paths = [f"/product/{product}/?error=%zz%", f"/product/{product}/?%%%=%ff%fe", "/store/?" + "a=1&" * 2000, "/product/1/../../etc/passwd", "/%00/", "/store/%ZZ/", "/" + "x" * 3000,
             "/product/1'%20OR%201=1--/", f"/product/{product}/?error=<script>"]
    for path in paths:
        r = get(path)
        expect(r.status < 500, f"{path[:60]} answered {r.status}")
    for raw_path in [f"/product/{product}/?error=\xff\xfe".encode("latin-1"), b"/store/\xc3\x28/", b"/caf\xe9/"]:
        status = raw_request(b"GET " + raw_path + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        expect(0 < status < 500, f"{raw_path!r} answered {status}")
    expect("<script>" not in get(f"/product/{product}/?error=<script>").text, "query echoed nowhere unescaped")


@test
def odd_methods_never_produce_5xx():
    for method in ["PUT", "PATCH", "OPTIONS", "FOO"]:
        r = request(method, "/store/")
        expect(400 <= r.status < 500, f"{method} /store/ answered {r.status}")


@test
def the_server_still_answers_after_all_that():
    expect_equal(get("/store/").status, 200, "status of /store/")


run()
