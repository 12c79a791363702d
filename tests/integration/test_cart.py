#!/usr/bin/env python3
"""The honest cart (issue 3): sessions, CSRF, add/remove never past stock, clamping, checkout guard."""
import re
import threading

from harness import (after_availability_bound, RECOUNT_HOLDS, Shopper, cart_lines, ctl, expect, expect_equal, make_variant, request, run, sql, sql_value,
                     test)


@test
def first_add_sets_a_secure_session_cookie_and_redirects_to_the_cart():
    shopper = Shopper()
    product, color, size = make_variant(5)
    r = shopper.add(product, color, size)
    expect_equal(r.status, 303, "status")
    expect_equal(r.header("Location"), "/cart/", "Location")
    cookie = next(v for k, v in r.headers if k.lower() == "set-cookie" and v.startswith("id_session="))
    key = cookie.split(";")[0].split("=")[1]
    expect(re.fullmatch(r"[0-9a-f]{32}", key), f"128 random bits in hex: {key}")
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=3456000"]:
        expect(attribute in cookie, f"cookie has {attribute}: {cookie}")
    expect("Secure" not in cookie, "no Secure flag over plain http")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM client WHERE session_key = '{key}'"), "1", "a client row")
    _, lines, total = shopper.cart()
    expect_equal(lines, {(product, color, size): 1}, "one unit in the cart")
    expect_equal(total, 5000, "total in cents")


@test
def a_session_key_the_store_did_not_issue_is_not_adopted():
    shopper = Shopper()
    shopper.cookies["id_session"] = "0123456789abcdef0123456789abcdef"
    product, color, size = make_variant(2)
    shopper.add(product, color, size)
    expect(shopper.cookies["id_session"] != "0123456789abcdef0123456789abcdef", "a fresh key replaces the forged one")
    expect_equal(sql_value("SELECT COUNT(*) FROM client WHERE session_key = '0123456789abcdef0123456789abcdef'"), "0",
                 "no client with the forged key")


@test
def posts_without_a_valid_csrf_token_are_403_and_change_nothing():
    shopper = Shopper()
    product, color, size = make_variant(5)
    shopper.add(product, color, size)
    for form in [{"color": color, "size": size},
                 {"color": color, "size": size, "csrf_token": "0" * 32},
                 {"color": color, "size": size, "csrf_token": ""}]:
        r = shopper.post(f"/add_to_cart/{product}/", form, with_token=False)
        expect_equal(r.status, 403, f"status with {form.get('csrf_token')!r}")
        r = shopper.post(f"/remove_from_cart/{product}/", form, with_token=False)
        expect_equal(r.status, 403, "remove without token")
    stranger = Shopper()
    r = stranger.post(f"/add_to_cart/{product}/", {"color": color, "size": size, "csrf_token": shopper.csrf_token()},
                      with_token=False)
    expect_equal(r.status, 403, "another browser's token without its cookie")
    _, lines, _ = shopper.cart()
    expect_equal(lines, {(product, color, size): 1}, "the cart is unchanged")


@test
def add_never_goes_past_stock_and_says_so():
    shopper = Shopper()
    product, color, size = make_variant(2)
    for _ in range(4):
        expect_equal(shopper.add(product, color, size).status, 303, "each add redirects")
    r, lines, _ = shopper.cart()
    expect_equal(lines, {(product, color, size): 2}, "capped at the 2 in stock")
    expect("That is all we have" in r.text, "the shopper is told")
    r = shopper.get("/cart/")
    expect("That is all we have" not in r.text, "the notice is shown once")


@test
def missing_size_unknown_variant_and_bad_ids():
    shopper = Shopper()
    product, color, size = make_variant(3)
    r = shopper.post(f"/add_to_cart/{product}/", {"color": color, "size": ""})
    expect_equal((r.status, r.header("Location")), (303, f"/product/{product}/?error=size_required"), "no size")
    r = shopper.post(f"/add_to_cart/{product}/", {"color": color})
    expect_equal((r.status, r.header("Location")), (303, f"/product/{product}/?error=size_required"), "size absent")
    clients = sql_value("SELECT COUNT(*) FROM client")
    for path, form in [(f"/add_to_cart/{product}/", {"color": color, "size": "XXL"}),
                       (f"/add_to_cart/{product}/", {"color": "999999", "size": size}),
                       (f"/add_to_cart/{product}/", {"color": "abc", "size": size}),
                       ("/add_to_cart/999999/", {"color": color, "size": size}),
                       ("/add_to_cart/abc/", {"color": color, "size": size}),
                       (f"/remove_from_cart/{product}/", {"color": color, "size": "XXL"})]:
        expect_equal(shopper.post(path, form).status, 404, f"{path} {form}")
    expect_equal(sql_value("SELECT COUNT(*) FROM client"), clients, "no client created by bad requests")


@test
def remove_takes_one_unit_and_the_line_disappears_at_zero():
    shopper = Shopper()
    product, color, size = make_variant(5)
    other = make_variant(5)
    shopper.add(product, color, size)
    shopper.add(product, color, size)
    shopper.add(*other)
    r = shopper.remove(product, color, size)
    expect_equal((r.status, r.header("Location")), (303, "/cart/"), "remove redirects to the cart")
    expect_equal(shopper.cart()[1], {(product, color, size): 1, other: 1}, "one unit less")
    shopper.remove(product, color, size)
    expect_equal(shopper.cart()[1], {other: 1}, "the line is gone at 0")
    expect_equal(shopper.remove(product, color, size).status, 303, "removing what is not there is harmless")
    expect_equal(shopper.cart()[1], {other: 1}, "still one line")


@test
def cart_page_shows_everything_a_shopper_needs():
    shopper = Shopper()
    a = make_variant(4, price="1234.56")
    b = make_variant(9, price="10.00", size="GG")
    shopper.add(*a)
    shopper.add(*a)
    shopper.add(*b)
    r, lines, total = shopper.cart()
    expect_equal(r.status, 200, "status")
    expect_equal(total, 2 * 123456 + 1000, "data-order-total in cents")
    expect("R$ 2.479,12" in r.text, "total in reais")
    expect("R$ 1.234,56 each" in r.text, "unit price")
    expect("R$ 2.469,12" in r.text, "line total")
    expect('data-product-count="3"' in r.text, "product count")
    expect('data-available="4"' in r.text and "4 in stock" in r.text, "quantity in stock")
    order = sql_value(f"SELECT o.id FROM shop_order o JOIN client c ON c.id = o.client_id "
                      f"WHERE c.session_key = '{shopper.cookies['id_session']}' AND o.end_date IS NULL")
    expect(f"Order #{order}" in r.text, "order id")
    expect('href="/checkout/"' in r.text and "Go to checkout" in r.text, "a way to checkout")
    expect(r.text.count('action="/remove_from_cart/') == 2 and r.text.count('action="/add_to_cart/') == 2, "−/+ per line")
    expect('data-cart-count="3"' in r.text, "the header counts 3 items")
    expect('data-cart-count="3"' in shopper.get("/store/").text, "on every page")


@test
def empty_cart_shows_the_empty_screen():
    r = Shopper().get("/cart/")
    expect_equal(r.status, 200, "status")
    expect("Your cart is empty" in r.text and 'href="/store/"' in r.text and "Visit our store" in r.text, "empty screen")
    expect('class="cart-line"' not in r.text, "no lines")


@test
def operator_lowering_stock_clamps_the_cart_and_explains():
    shopper = Shopper()
    a = make_variant(5)
    b = make_variant(5)
    for _ in range(4):
        shopper.add(*a)
    shopper.add(*b)
    ctl("stock", "set", "--product", a[0], "--color", a[1], "--size", a[2], "--quantity", "2")
    ctl("stock", "set", "--product", b[0], "--color", b[1], "--size", b[2], "--quantity", "0")
    r, lines, total = shopper.cart()
    expect_equal(lines, {a: 2}, "a clamped to 2, b removed")
    expect_equal(total, 2 * 5000, "total follows")
    expect("your cart now has 2 instead of 4" in r.text, "the lowered line is explained")
    expect("sold out and was removed" in r.text, "the removed line is explained")
    r, lines, _ = shopper.cart()
    expect("instead of" not in r.text, "said once: the cart is now right")
    expect_equal(sql_value(f"SELECT quantity FROM ordered_item WHERE item_stock_id = "
                           f"(SELECT id FROM item_stock WHERE product_id = {a[0]})"), "2", "stored clamped")


@test
def stock_error_message_on_the_cart():
    r = Shopper().get("/cart/?error=quantity")
    expect("Stock quantity changed, revise the cart." in r.text, "the message of SPEC section 4")


@test
def checkout_refuses_an_empty_or_short_cart():
    shopper = Shopper()
    r = shopper.get("/checkout/")
    expect_equal((r.status, r.header("Location")), (303, "/cart/?error=quantity"), "empty cart")
    product, color, size = make_variant(3)
    shopper.add(product, color, size)
    shopper.add(product, color, size)
    r = shopper.get("/checkout/")
    expect_equal(r.status, 200, "a good cart reaches the summary")
    expect('data-order-total="10000"' in r.text, "the summary total")
    ctl("stock", "set", "--product", product, "--color", color, "--size", size, "--quantity", "1")
    r = shopper.get("/checkout/")
    expect_equal((r.status, r.header("Location")), (303, "/cart/?error=quantity"), "a short line")
    expect_equal(shopper.cart()[1], {(product, color, size): 1}, "the cart then clamps")
    expect_equal(shopper.get("/checkout/").status, 200, "and checkout opens again")


@test
def units_held_for_another_order_cannot_be_added():
    shopper = Shopper()
    product, color, size = make_variant(3)
    stock_id = sql_value(f"SELECT id FROM item_stock WHERE product_id = {product}")
    client = sql_value("INSERT INTO client (session_key) VALUES (REPLACE(UUID(), '-', '')) RETURNING id")
    order = sql_value(f"INSERT INTO shop_order (client_id) VALUES ({client}) RETURNING id")
    sql(f"INSERT INTO stock_hold VALUES ({order}, {stock_id}, 2, NOW(3) + INTERVAL 1 HOUR); {RECOUNT_HOLDS}")
    for _ in range(3):
        shopper.add(product, color, size)
    expect_equal(shopper.cart()[1], {(product, color, size): 1}, "only the unheld unit")
    sql(f"DELETE FROM stock_hold WHERE order_id = {order}; {RECOUNT_HOLDS}")


@test
def availability_counts_the_live_holds_of_other_orders_only():
    """Several holds on one variant: live ones of other orders count, an expired one and the
    shopper's own do not; on the cart (lines in the order they were added), at checkout and on
    the product page, for the shopper and for a visitor without a cart."""
    shopper = Shopper()
    a = make_variant(10)
    b = make_variant(10)
    ctl("stock", "set", "--product", a[0], "--color", a[1], "--size", "GG", "--quantity", "7")
    shopper.add(*b)
    shopper.add(*a)
    shopper.add(*a)
    a_stock = sql_value(f"SELECT id FROM item_stock WHERE product_id = {a[0]} AND size = 'M'")
    own = sql_value(f"SELECT o.id FROM shop_order o JOIN client c ON c.id = o.client_id "
                    f"WHERE c.session_key = '{shopper.cookies['id_session']}' AND o.end_date IS NULL")
    others = []
    for quantity, expires in ((2, "+ INTERVAL 1 HOUR"), (3, "+ INTERVAL 1 HOUR"), (4, "- INTERVAL 1 SECOND")):
        client = sql_value("INSERT INTO client (session_key) VALUES (REPLACE(UUID(), '-', '')) RETURNING id")
        order = sql_value(f"INSERT INTO shop_order (client_id) VALUES ({client}) RETURNING id")
        sql(f"INSERT INTO stock_hold VALUES ({order}, {a_stock}, {quantity}, NOW(3) {expires})")
        others.append(order)
    sql(f"INSERT INTO stock_hold VALUES ({own}, {a_stock}, 2, NOW(3) + INTERVAL 1 HOUR); {RECOUNT_HOLDS}")
    try:
        # While a counted hold has lapsed, pages sum the live holds row by row (store/holds.h).
        r, lines, total = shopper.cart()
        expect_equal(lines, {a: 2, b: 1}, "nothing clamped")
        tags = re.findall(r'<li class="cart-line" data-product="(\d+)"', r.text)
        expect_equal(tags, [b[0], a[0]], "lines in the order they were added")
        available = re.findall(r'data-available="(\d+)"', r.text)
        expect_equal(available, ["10", "5"], "10 - 2 - 3 live holds of others; expired and own holds not counted")
        expect_equal(total, 3 * 5000, "total")
        expect('data-cart-count="3"' in r.text, "the header counts 3 items")
        expect_equal(shopper.get("/checkout/").status, 200, "checkout opens: no line is short")
        page = shopper.get(f"/product/{a[0]}/").text
        expect(f'data-color="{a[1]}" data-size="M" data-available="5"' in page, "the shopper's own hold is theirs")
        expect(f'data-color="{a[1]}" data-size="GG" data-available="7"' in page, "the other size is untouched")
        expect('data-cart-count="3"' in page, "the header on the product page")
        after_availability_bound()  # a stranger's product page may show availability that old
        page = request("GET", f"/product/{a[0]}/").text
        expect(f'data-color="{a[1]}" data-size="M" data-available="3"' in page, "a stranger: 10 - 2 - 3 - 2")
        # Now no counted hold has lapsed: pages take the counts on the stock row.
        sql(f"UPDATE stock_hold SET expires_at = NOW(3) + INTERVAL 1 HOUR WHERE order_id = {others[2]}; {RECOUNT_HOLDS}")
        r, lines, _ = shopper.cart()
        expect_equal(lines, {a: 1, b: 1}, "a hold coming alive clamps the cart: 10 - 9 = 1")
        expect("your cart now has 1 instead of 2" in r.text, "and says so")
    finally:
        sql(f"DELETE FROM stock_hold WHERE item_stock_id = {a_stock}; {RECOUNT_HOLDS}")


@test
def concurrent_adds_of_the_last_units_never_pass_stock():
    shopper = Shopper()
    product, color, size = make_variant(1)
    other = make_variant(5)
    shopper.add(*other)  # the session exists before the race
    statuses = []

    def add():
        statuses.append(shopper.add(product, color, size).status)

    threads = [threading.Thread(target=add) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expect_equal(sorted(set(statuses)), [303], "every add answered 303")
    expect_equal(shopper.cart()[1].get((product, color, size)), 1, "the last unit once, not twelve times")
    product3, color3, size3 = make_variant(3)
    threads = [threading.Thread(target=lambda: shopper.add(product3, color3, size3)) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expect_equal(shopper.cart()[1].get((product3, color3, size3)), 3, "16 racing adds of 3 in stock leave 3")


@test
def product_page_form_carries_the_token_and_marks_sold_out_sizes():
    shopper = Shopper()
    product, color, size = make_variant(0)
    r = shopper.get(f"/product/{product}/")
    expect("Sold out for now" in r.text, "a product with nothing in stock says so")
    product, color, size = make_variant(2)
    ctl("stock", "set", "--product", product, "--color", color, "--size", "GG", "--quantity", "0")
    r = shopper.get(f"/product/{product}/")
    token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', r.text)
    expect(token and token.group(1) == shopper.csrf_token(), "the form carries this browser's token")
    expect(re.search(r'<option value="GG">GG \(sold out\)</option>', r.text), "GG marked sold out")
    expect(re.search(r'<option value="M">M</option>', r.text), "M offered plainly")


run()
