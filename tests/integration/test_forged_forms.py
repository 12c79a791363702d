#!/usr/bin/env python3
"""Forged forms (issue 17, item 4): the CSRF token is bound to the session (an HMAC of the
session id under a secret the database keeps), rotated at sign-in and sign-out, and a POST a
browser marks as sent by another site is refused whatever token it carries."""
import re
import uuid

from harness import (HTTP_PORT, Shopper, app_log, expect, expect_equal, make_variant, request, run, sql_value,
                     test)
from second_app import Client, SecondApp

SITE = f"http://127.0.0.1:{HTTP_PORT}"
PASSWORD = "correct horse battery"


def new_account():
    email = f"forms-{uuid.uuid4().hex[:10]}@example.com"
    r = Shopper().post("/register/", {"name": "Ana Souza", "email": email, "password": PASSWORD})
    expect_equal(r.status, 303, "registered")
    return email


def token_on(page):
    found = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
    return found.group(1) if found else None


@test
def a_planted_csrf_cookie_with_a_matching_field_is_403():
    victim = Shopper()
    variant = make_variant(3)
    victim.add(*variant)
    planted = "0123456789abcdef0123456789abcdef"
    victim.cookies["csrf"] = planted  # what a sibling subdomain or a plain-HTTP attacker can do
    r = victim.post(f"/add_to_cart/{variant[0]}/", {"color": variant[1], "size": variant[2], "csrf_token": planted},
                    with_token=False)
    expect_equal(r.status, 403, "the planted cookie's value is not a token")
    expect_equal(victim.cart()[1], {variant: 1}, "the cart is unchanged")


@test
def a_token_made_for_another_browser_is_403():
    owner, stranger = Shopper(), Shopper()
    variant = make_variant(3)
    stranger.get("/store/")
    r = stranger.post(f"/add_to_cart/{variant[0]}/", {"color": variant[1], "size": variant[2],
                                                      "csrf_token": owner.csrf_token()}, with_token=False)
    expect_equal(r.status, 403, "a token is bound to its own session")


@test
def a_cross_site_origin_is_403_even_with_a_good_token():
    shopper = Shopper()
    variant = make_variant(3)
    form = {"color": variant[1], "size": variant[2]}
    for headers in [{"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site", "Origin": "http://shop.127.0.0.1"},
                    {"Origin": SITE, "Sec-Fetch-Site": "same-site"}]:
        r = shopper.post(f"/add_to_cart/{variant[0]}/", form, headers=headers)
        expect_equal(r.status, 403, f"refused with {headers}")
    expect_equal(shopper.cart()[1], {}, "nothing was added")
    r = shopper.post(f"/add_to_cart/{variant[0]}/", form, headers={"Origin": SITE, "Sec-Fetch-Site": "same-origin"})
    expect_equal(r.status, 303, "the store's own page passes")
    r = shopper.post(f"/add_to_cart/{variant[0]}/", form)
    expect_equal(r.status, 303, "a client that sends no Origin passes on the token")
    expect_equal(shopper.cart()[1], {variant: 2}, "both added")


@test
def a_first_visit_without_a_session_can_add_to_cart_and_sign_in():
    variant = make_variant(5)
    email = new_account()
    shopper = Shopper()
    first_tab = shopper.get(f"/product/{variant[0]}/")
    second_tab = shopper.get(f"/product/{variant[0]}/")
    expect("id_session" not in shopper.cookies and "login" not in shopper.cookies, "no session yet")
    form = {"color": variant[1], "size": variant[2]}
    r = shopper.post(f"/add_to_cart/{variant[0]}/", dict(form, csrf_token=token_on(first_tab)), with_token=False,
                     headers={"Origin": SITE, "Sec-Fetch-Site": "same-origin"})
    expect_equal((r.status, r.header("Location")), (303, "/cart/"), "the first add works")
    expect("id_session" in shopper.cookies, "and makes the anonymous session")
    r = shopper.post(f"/add_to_cart/{variant[0]}/", dict(form, csrf_token=token_on(second_tab)), with_token=False)
    expect_equal(r.status, 303, "a tab opened before the first add still works")
    expect_equal(shopper.cart()[1], {variant: 2}, "two units")
    newcomer = Shopper()
    page = newcomer.get("/login/")
    r = newcomer.post("/login/", {"email": email, "password": PASSWORD, "csrf_token": token_on(page)}, with_token=False)
    expect_equal(r.status, 303, "a first visit signs in")


@test
def signing_in_and_out_rotates_the_token():
    email = new_account()
    shopper = Shopper()
    variant = make_variant(5)
    anonymous = token_on(shopper.get("/login/"))
    r = shopper.post("/login/", {"email": email, "password": PASSWORD, "csrf_token": anonymous}, with_token=False)
    expect_equal(r.status, 303, "signed in")
    signed_in = token_on(shopper.get("/login/"))
    expect(signed_in and signed_in != anonymous, "a new token after sign-in")
    form = {"color": variant[1], "size": variant[2]}
    r = shopper.post(f"/add_to_cart/{variant[0]}/", dict(form, csrf_token=anonymous), with_token=False)
    expect_equal(r.status, 403, "the token from before sign-in is dead")
    r = shopper.post(f"/add_to_cart/{variant[0]}/", dict(form, csrf_token=signed_in), with_token=False)
    expect_equal(r.status, 303, "the new one works")
    r = shopper.post("/logout/", {"csrf_token": signed_in}, with_token=False)
    expect_equal(r.status, 303, "signed out")
    after = token_on(shopper.get("/login/"))
    expect(after not in (anonymous, signed_in), "a new token after sign-out")
    r = shopper.post(f"/add_to_cart/{variant[0]}/", dict(form, csrf_token=signed_in), with_token=False)
    expect_equal(r.status, 403, "the signed-in token is dead after sign-out")


@test
def refusals_are_logged_and_the_secret_is_in_the_database():
    expect_equal(sql_value("SELECT LENGTH(secret) FROM site_secret WHERE name = 'csrf'"), "32", "a 256-bit secret")
    before = len(app_log())
    r = request("POST", "/logout/", body={"csrf_token": "x"}, headers={"Origin": "https://evil.example"})
    expect_equal(r.status, 403, "refused")
    expect("403: POST /logout/: sent from another site (Origin https://evil.example" in app_log()[before:],
           "the refusal is logged")


def set_cookies(response):
    return [value for key, value in response.headers if key.lower() == "set-cookie"]


@test
def under_https_every_cookie_is_host_prefixed_and_a_plain_one_is_ignored():
    app = SecondApp("https", {"base_url": "https://shop.example.com"})
    try:
        site = "https://shop.example.com"
        shopper = Client(app, "198.18.7.7", host="shop.example.com", variables={"HTTPS": "on"})
        shopper.cookies["csrf"] = "0123456789abcdef0123456789abcdef"  # planted, without the prefix
        r = shopper.get("/login/")
        cookies = set_cookies(r)
        expect(cookies and all(c.startswith("__Host-") and "; Secure" in c and "; Path=/" in c and "Domain" not in c
                               for c in cookies), f"__Host- cookies, Secure, Path=/, no Domain: {cookies}")
        expect("__Host-csrf" in shopper.cookies, "the browser id is __Host-csrf")
        expect_equal([v for k, v in r.headers if k.lower() == "strict-transport-security"], ["max-age=63072000"],
                     "and the app sends HSTS")
        variant = make_variant(3)
        form = {"color": variant[1], "size": variant[2], "csrf_token": token_on(r)}
        r = shopper.post(f"/add_to_cart/{variant[0]}/", form, with_token=False,
                         headers={"Origin": site, "Sec-Fetch-Site": "same-origin"})
        expect_equal(r.status, 303, "the store's own form posts")
        expect(any(c.startswith("__Host-id_session=") for c in set_cookies(r)), "the anonymous session is __Host-id_session")
        r = shopper.post(f"/add_to_cart/{variant[0]}/", form, with_token=False, headers={"Origin": "http://shop.example.com"})
        expect_equal(r.status, 403, "the plain-HTTP twin of the site is another origin")
        planted = Client(app, "198.18.7.8", host="shop.example.com", variables={"HTTPS": "on"})
        planted.cookies["csrf"] = "0123456789abcdef0123456789abcdef"
        r = planted.post(f"/add_to_cart/{variant[0]}/", {"color": variant[1], "size": variant[2],
                                                        "csrf_token": "0123456789abcdef0123456789abcdef"}, with_token=False)
        expect_equal(r.status, 403, "a cookie without the prefix binds nothing")
    finally:
        app.stop()


run()
