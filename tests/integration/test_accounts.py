#!/usr/bin/env python3
"""Accounts, addresses and order pages (issue 5): registration, sign-in, sessions, cart merge,
saved addresses at checkout, owner-only orders, safe redirects, logout."""
import re
import uuid

from harness import (ADDRESS, Shopper, confirm, expect, expect_equal, make_variant, pay, preference_of, run, sql,
                     sql_value, test)

PASSWORD = "correct horse battery"


def new_email():
    return f"shopper-{uuid.uuid4().hex[:10]}@example.com"


def register(shopper, email, password=PASSWORD, **extra):
    return shopper.post("/register/", dict({"name": "Ana Souza", "email": email, "password": password}, **extra))


def log_in(shopper, email, password=PASSWORD, **extra):
    return shopper.post("/login/", dict({"email": email, "password": password}, **extra))


@test
def registration_signs_in_and_stores_a_slow_salted_hash():
    shopper, email = Shopper(), new_email()
    r = register(shopper, email)
    expect_equal((r.status, r.header("Location")), (303, "/register/?sent=1&next=%2Fstore%2F"), "registered and sent on")
    stored = sql_value(f"SELECT password_hash FROM client WHERE email = '{email}'")
    expect(re.fullmatch(r"pbkdf2_sha256\$600000\$[0-9a-f]{32}\$[0-9a-f]{64}", stored), f"PBKDF2 with parameters: {stored}")
    expect(PASSWORD not in stored, "no clear password")
    cookie = next(v for k, v in r.headers if k.lower() == "set-cookie" and v.startswith("login="))
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"]:
        expect(attribute in cookie, f"login cookie has {attribute}")
    expect("Sign out" in shopper.get("/store/").text, "the header shows the signed-in state")
    again = Shopper()
    r = register(again, email)
    expect_equal((r.status, r.header("Location")), (303, "/register/?sent=1&next=%2Fstore%2F"),
                 "the same e-mail twice: the same answer, so the form does not tell who has an account")
    expect("login" not in again.cookies, "but nobody is signed in to the existing account")
    expect("Check your e-mail" in again.get(r.header("Location")).text, "the page says to check the e-mail")


@test
def a_wrong_password_is_refused_without_saying_whether_the_email_exists():
    shopper, email = Shopper(), new_email()
    register(Shopper(), email)
    wrong = log_in(shopper, email, "not the password")
    unknown = log_in(shopper, new_email(), "not the password")
    expect_equal((wrong.status, unknown.status), (400, 400), "both refused alike")
    message = "E-mail or password is not right."
    expect(message in wrong.text and message in unknown.text, "the same message")
    expect("login" not in shopper.cookies, "no session")
    expect_equal(shopper.get("/my_orders/").status, 302, "still anonymous")


@test
def a_preset_session_cookie_is_replaced_at_sign_in():
    email = new_email()
    register(Shopper(), email)
    shopper = Shopper()
    shopper.cookies["login"] = "0123456789abcdef0123456789abcdef"
    shopper.get("/store/")
    r = log_in(shopper, email)
    expect_equal(r.status, 303, "signed in")
    expect(shopper.cookies["login"] != "0123456789abcdef0123456789abcdef", "a fresh session id")
    expect(re.fullmatch(r"[0-9a-f]{32}", shopper.cookies["login"]), "random 128 bits")
    attacker = Shopper()
    attacker.cookies["login"] = "0123456789abcdef0123456789abcdef"
    expect_equal(attacker.get("/my_orders/").status, 302, "the planted id signs nobody in")


@test
def signing_in_merges_the_anonymous_cart_with_clamping():
    a, b = make_variant(3), make_variant(5)
    email = new_email()
    owner = Shopper()
    register(owner, email)
    owner.add(*a)
    owner.add(*a)
    visitor = Shopper()
    visitor.add(*a)
    visitor.add(*a)
    visitor.add(*b)
    anonymous_client = sql_value(f"SELECT id FROM client WHERE session_key = '{visitor.cookies['id_session']}'")
    r = log_in(visitor, email, next="/cart/")
    expect_equal(r.header("Location"), "/cart/", "back to the cart")
    expect("id_session" not in visitor.cookies, "the anonymous cookie is dropped")
    expect_equal(visitor.cart()[1], {a: 3, b: 1}, "2 + 2 of a clamped to the 3 in stock; b added")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM ordered_item i JOIN shop_order o ON o.id = i.order_id "
                           f"WHERE o.open_client_id = {anonymous_client}"), "0", "the anonymous cart is empty")


@test
def signing_in_expires_the_anonymous_unfinished_payments():
    variant = make_variant(3)
    email = new_email()
    register(Shopper(), email)
    visitor = Shopper()
    visitor.add(*variant)
    preference = preference_of(confirm(visitor).header("Location"))
    log_in(visitor, email)
    expect_equal(sql_value(f"SELECT status FROM payment WHERE preference_id = '{preference}'"), "expired", "expired here")
    from harness import sandbox
    code, _ = sandbox("/__sandbox/pay", {"preference_id": preference, "status": "approved"})
    expect_equal(code, 410, "and at the gateway")


@test
def saved_addresses_are_used_at_checkout():
    variant = make_variant(3)
    shopper, email = Shopper(), new_email()
    register(shopper, email)
    form = {k: v for k, v in ADDRESS.items() if k != "email"}
    r = shopper.post("/addresses/", dict(form, action="add", street="Rua Oscar Freire", number="900"))
    expect_equal(r.status, 200, "address added")
    address_id = sql_value(f"SELECT a.id FROM address a JOIN client c ON c.id = a.client_id WHERE c.email = '{email}'")
    page = shopper.get("/addresses/")
    expect("Rua Oscar Freire, 900" in page.text, "listed")
    r = shopper.post("/addresses/", dict(form, action="update", address_id=address_id, street="Rua Haddock Lobo", number="595"))
    expect("Rua Haddock Lobo, 595" in r.text, "edited")
    shopper.add(*variant)
    checkout_page = shopper.get("/checkout/")
    expect(f'name="address_id" value="{address_id}"' in checkout_page.text, "offered at checkout")
    expect('name="email"' not in checkout_page.text, "no e-mail field for an account")
    r = shopper.post("/checkout/", {"address_id": address_id})
    expect_equal(r.status, 303, f"confirmed with the saved address: {r.text[:200]}")
    order = sql_value(f"SELECT order_id FROM payment WHERE preference_id = '{preference_of(r.header('Location'))}'")
    expect_equal(sql(f"SELECT ship_street, ship_number, email FROM shop_order WHERE id = {order}"),
                 [["Rua Haddock Lobo", "595", email]], "the order ships there, mail to the account")
    stranger = Shopper()
    register(stranger, new_email())
    stranger.add(*variant)
    r = stranger.post("/checkout/", {"address_id": address_id})
    expect_equal(r.status, 400, "someone else's address id is refused")
    r = stranger.post("/addresses/", {"action": "delete", "address_id": address_id})
    expect_equal(r.status, 404, "nor can they delete it")
    r = shopper.post("/addresses/", {"action": "delete", "address_id": address_id})
    expect("Address deleted" in r.text, "the owner can")


@test
def a_new_address_typed_at_checkout_is_saved_once_however_often_it_is_sent():
    variant = make_variant(3)
    shopper, email = Shopper(), new_email()
    register(shopper, email)
    shopper.add(*variant)
    form = {k: v for k, v in ADDRESS.items() if k != "email"}
    for _ in range(3):  # confirm, come back from the gateway, confirm again
        r = shopper.post("/checkout/", dict(form, street="Alameda Santos", number="2159"))
        expect_equal(r.status, 303, f"confirmed: {r.text[:200]}")
    saved = sql(f"SELECT a.street, a.number FROM address a JOIN client c ON c.id = a.client_id WHERE c.email = '{email}'")
    expect_equal(saved, [["Alameda Santos", "2159"]], "one entry in the address book")
    r = shopper.post("/checkout/", dict(form, street="Alameda Santos", number="2160"))
    expect_equal(r.status, 303, "a different address")
    count = sql(f"SELECT COUNT(*) FROM address a JOIN client c ON c.id = a.client_id WHERE c.email = '{email}'")
    expect_equal(count, [["2"]], "is saved too")


@test
def my_orders_lists_finished_orders_newest_first_and_requires_sign_in():
    r = Shopper().get("/my_orders/")
    expect_equal((r.status, r.header("Location")), (302, "/login/?next=/my_orders/"), "anonymous")
    variant = make_variant(5, price="42.00")
    shopper, email = Shopper(), new_email()
    register(shopper, email)
    other = make_variant(5, price="10.00")
    orders = []
    for n in range(2):
        shopper.add(*variant)
        if n == 1:
            shopper.add(*other)  # the newer order has two lines
        r = confirm(shopper)
        payment_id, path = pay(preference_of(r.header("Location")))
        back = shopper.get(path)
        expect_equal(back.header("Location"), "/my_orders/", "a signed-in shopper returns to My orders")
        orders.append(sql_value(f"SELECT order_id FROM payment WHERE gateway_payment_id = '{payment_id}'"))
    page = shopper.get("/my_orders/").text
    positions = [page.find(f'data-order-id="{o}"') for o in orders]
    expect(all(p > 0 for p in positions) and positions[1] < positions[0], "newest first")
    expect('data-order-total="4200"' in page and 'data-order-total="5200"' in page and "Paid" in page,
           "totals and status")
    sections = {o: page[page.find(f'data-order-id="{o}"'):] for o in orders}
    sections = {o: text[:text.find("</section>")] for o, text in sections.items()}
    lines = {o: re.findall(r'data-product="(\d+)"', text) for o, text in sections.items()}
    expect_equal(lines, {orders[0]: [variant[0]], orders[1]: [variant[0], other[0]]}, "each order lists its own lines")
    stranger = Shopper()
    register(stranger, new_email())
    expect_equal(stranger.get(f"/order_approved/{orders[0]}/").status, 404, "another shopper's order id is 404")
    expect_equal(shopper.get(f"/order_approved/{orders[0]}/").status, 200, "the owner's is not")


@test
def next_never_leaves_the_site():
    email = new_email()
    register(Shopper(), email)
    for evil in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "\\\\evil", "evil"]:
        r = log_in(Shopper(), email, next=evil)
        expect_equal(r.header("Location"), "/my_orders/", f"next={evil!r}")
    page = Shopper().get("/login/?next=https://evil.example/")
    expect("evil.example" not in page.text, "not even echoed into the form")


@test
def logout_invalidates_the_session_on_the_server():
    shopper, email = Shopper(), new_email()
    register(shopper, email)
    token = shopper.cookies["login"]
    expect_equal(shopper.get("/my_orders/").status, 200, "signed in")
    r = shopper.post("/logout/")
    expect_equal((r.status, r.header("Location")), (303, "/store/"), "logged out")
    replay = Shopper()
    replay.cookies["login"] = token
    expect_equal(replay.get("/my_orders/").status, 302, "the old cookie no longer works anywhere")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM login_session s JOIN client c ON c.id = s.client_id "
                           f"WHERE c.email = '{email}'"), "0", "the session row is gone")
    expect_equal(Shopper().post("/logout/", with_token=False).status, 403, "logout needs the CSRF token too")


run()
