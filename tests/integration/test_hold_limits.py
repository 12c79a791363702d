#!/usr/bin/env python3
"""Denial of inventory (issue 17, item 1; OWASP OAT-021): one script with many cookies from one
client address must not hold a whole variant, while a shopper's own retry still works.

A second reserva-fcgi serves the stack's database with small [limits] (units_per_item = 2,
orders_per_address = 3), and the test talks FastCGI to it directly so that it can choose the
REMOTE_ADDR each request comes from, as nginx would pass it (the stack's own config turns the
address bound off: every test shopper shares 127.0.0.1)."""
import random

from harness import ADDRESS, expect, expect_equal, make_variant, run, sql, sql_value, stack, test
from second_app import Client as AppClient, SecondApp


def fresh_address():
    """An address no earlier run on this stack used (its open orders would still count)."""
    return f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"


LIMITS = "[limits]\nunits_per_item = 2\norders_per_address = 3\naddress_window_minutes = 60\n"
app = None


def Client(remote_addr):
    return AppClient(app, remote_addr)


def confirm_from(client):
    return client.post("/checkout/", ADDRESS)


def held(variant):
    return int(sql_value("SELECT COALESCE(SUM(h.quantity), 0) FROM stock_hold h JOIN item_stock s ON s.id = h.item_stock_id"
                         f" WHERE s.product_id = {variant[0]}"))


@test
def the_limited_app_serves():
    global app
    app = SecondApp("limits", {"orders_per_address": None}, LIMITS)
    expect_equal(Client(fresh_address()).get("/store/").status, 200, "the second reserva-fcgi answers")


bots = []


@test
def a_script_with_many_cookies_from_one_address_is_refused_past_the_bound():
    variant = make_variant(20)
    log_before = app.log_size()
    statuses = []
    address = fresh_address()
    for _ in range(8):  # eight cookies, one address: each would hold 2 of the 20 units
        bot = Client(address)
        bot.add(*variant)
        bot.add(*variant)
        statuses.append(confirm_from(bot).status)
        bots.append(bot)
    expect_equal(statuses, [303, 303, 303] + [429] * 5, "three orders hold stock, the rest are refused")
    expect_equal(held(variant), 6, "6 of the 20 units held, not 16")
    log = app.log_since(log_before)
    expect("checkout refused" in log and f"from {address}:" in log, f"the refusals are logged: {log[-500:]}")
    refused = confirm_from(bots[-1])
    expect('data-refused="address_busy"' in refused.text, "the page says why")
    other = Client(fresh_address())
    other.add(*variant)
    expect_equal(confirm_from(other).status, 303, "a shopper at another address still buys")


@test
def a_shoppers_own_retry_still_works_at_the_bound():
    first = bots[0]
    r = confirm_from(first)  # Confirm pressed again: the same order, confirmed again
    expect_equal(r.status, 303, f"the same order confirms again ({r.text[:200]})")
    r = confirm_from(first)
    expect_equal(r.status, 303, "and again")
    order = sql_value(f"SELECT order_id FROM payment WHERE preference_id = '{r.header('Location').split('pref_id=')[1]}'")
    expect_equal(sql_value(f"SELECT SUM(quantity) FROM stock_hold WHERE order_id = {order}"), "2",
                 "its hold is replaced, not doubled")


@test
def an_order_above_units_per_item_is_refused_and_holds_nothing():
    variant = make_variant(10)
    shopper = Client(fresh_address())
    for _ in range(3):
        shopper.add(*variant)
    page = shopper.get("/cart/")
    expect_equal(shopper.cart()[1], {variant: 2}, "the third add stops at the bound")
    expect('data-notice="item_limit"' in page.text and "at most 2 units" in page.text, "and the cart says why")
    # A cart can still get past it (two carts merged at sign-in, adds racing): Confirm is the bound.
    sql(f"UPDATE ordered_item i JOIN item_stock s ON s.id = i.item_stock_id SET i.quantity = 3 WHERE s.product_id = {variant[0]}")
    r = confirm_from(shopper)
    expect_equal(r.status, 400, "three units of one item, bound 2")
    expect('data-refused="too_many_units"' in r.text and "at most 2 units" in r.text, "the page says why")
    expect_equal(held(variant), 0, "nothing held")
    shopper.remove(*variant)
    expect_equal(confirm_from(shopper).status, 303, "two units go through")


@test
def the_timer_pass_deletes_guard_rows_quiet_for_a_day():
    quiet, recent = fresh_address(), fresh_address()
    sql(f"INSERT INTO client_address_guard (address, last_confirm_at) VALUES ('{quiet}', NOW(3) - INTERVAL 25 HOUR),"
        f" ('{recent}', NOW(3) - INTERVAL 1 HOUR)")
    r = stack("expire")
    expect_equal(r.returncode, 0, f"reserva-expire: {r.stderr}")
    expect("quiet client address guards deleted" in r.stderr, f"the pass says so: {r.stderr[-400:]}")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM client_address_guard WHERE address = '{quiet}'"), "0", "quiet one gone")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM client_address_guard WHERE address = '{recent}'"), "1", "recent one kept")


@test
def the_limited_app_stops():
    app.stop()


run()
