#!/usr/bin/env python3
"""Checkout and payment (issue 4) through nginx, MariaDB and the Mercado Pago sandbox: links with
a 1-hour expiry, stock holds, at most 5 unfinished payments, verified and idempotent finalize."""
import hashlib
import hmac
import re
import threading
import time
import uuid

from harness import (Shopper, confirm, ctl, expect, expect_equal, make_variant, pay, preference_of, request, run,
                     lapse_holds, sandbox, sandbox_state, sql, sql_value, stock_of, test)


def shopper_with(variant, units=1):
    shopper = Shopper()
    for _ in range(units):
        shopper.add(*variant)
    return shopper


def checkout(shopper):
    r = confirm(shopper)
    expect_equal(r.status, 303, f"confirm answered {r.status}: {r.text[:300]}")
    expect("/checkout/v1/redirect?pref_id=" in r.header("Location"), f"to the gateway: {r.header('Location')}")
    return preference_of(r.header("Location"))


def order_of(preference):
    return sql_value(f"SELECT order_id FROM payment WHERE preference_id = '{preference}'")


def wait_for(condition, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def sign(data_id, request_id, ts, secret="sandbox-webhook-secret-for-tests-only"):
    manifest = f"id:{data_id};request-id:{request_id};ts:{ts};"
    return hmac.new(secret.encode(), manifest.encode(), hashlib.sha256).hexdigest()


def webhook(data_id, secret="sandbox-webhook-secret-for-tests-only", ts=None, signature=None):
    ts = ts or int(time.time())
    request_id = str(uuid.uuid4())
    v1 = signature or sign(data_id, request_id, ts, secret)
    return request("POST", f"/payments/webhook?data.id={data_id}&type=payment",
                   body=f'{{"type":"payment","data":{{"id":"{data_id}"}}}}',
                   headers={"Content-Type": "application/json", "x-request-id": request_id,
                            "x-signature": f"ts={ts},v1={v1}"})


@test
def checkout_page_has_the_address_form_and_confirm_button():
    shopper = shopper_with(make_variant(3))
    r = shopper.get("/checkout/")
    for field in ["street", "number", "complement", "neighborhood", "city", "state", "zip", "email"]:
        expect(f'<label for="{field}">' in r.text and f'name="{field}"' in r.text, f"a labelled {field} field")
    expect("Confirm order" in r.text, "the confirm button")


@test
def a_bad_address_is_400_with_messages_and_writes_nothing():
    variant = make_variant(3)
    shopper = shopper_with(variant)
    payments = sql_value("SELECT COUNT(*) FROM payment")
    r = confirm(shopper, street="", zip="123", email="not-an-email", state="ZZ")
    expect_equal(r.status, 400, "status")
    for message in ["Please fill in the street", "The CEP has 8 digits", "does not look like an e-mail", "Please choose the state"]:
        expect(message in r.text, f"says: {message}")
    expect('value="1500"' in r.text, "what was typed is kept")
    expect_equal(sql_value("SELECT COUNT(*) FROM payment"), payments, "no payment recorded")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM stock_hold WHERE item_stock_id = "
                           f"(SELECT id FROM item_stock WHERE product_id = {variant[0]})"), "0", "no stock held")


@test
def a_full_purchase_decrements_stock_exactly_once_despite_replays_and_the_webhook():
    variant = make_variant(5, price="80.00")
    shopper = shopper_with(variant, 2)
    preference = checkout(shopper)
    state = sandbox_state()
    sent = next(p for p in state["preferences"] if p["id"] == preference)
    expect_equal(sent["items"][0]["unit_price"], 80.0, "unit price in reais with two decimals")
    expect_equal(sent["items"][0]["quantity"], 2, "quantity")
    expect(sent["expires"] is True and sent["notification_url"].endswith("/payments/webhook"), "expiry and webhook URL")
    payment_id, return_path = pay(preference)
    expect("collection_status=approved" in return_path, "the real return parameters")
    r = shopper.get(return_path)
    order = order_of(preference)
    expect_equal((r.status, r.header("Location")), (303, f"/order_approved/{order}/"), "guest goes to the order page")
    for _ in range(3):
        shopper.get(return_path)  # refresh, back button
    expect_equal(webhook(payment_id).status, 200, "the webhook (also) arrives: 200")
    wait_for(lambda: any(w["status"] == 200 for w in sandbox_state()["webhooks"]
                         if f"data.id={payment_id}" in w["url"]))
    expect_equal(stock_of(variant), 3, "5 - 2, once")
    expect_equal(sql_value(f"SELECT end_date IS NOT NULL FROM shop_order WHERE id = {order}"), "1", "order finished")
    expect_equal(sql_value(f"SELECT status FROM payment WHERE preference_id = '{preference}'"), "approved", "payment")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM mail_outbox WHERE order_id = {order} AND kind = 'purchase'"), "1", "one e-mail queued")
    page = shopper.get(f"/order_approved/{order}/")
    expect("is confirmed" in page.text and 'data-order-total="16000"' in page.text, "the confirmation page")
    expect("Rua Augusta" in page.text and "01304-001" in page.text, "the delivery address")
    expect_equal(shopper.cart()[1], {}, "the cart is empty afterwards")


@test
def a_forged_return_changes_nothing():
    variant = make_variant(4)
    shopper = shopper_with(variant)
    preference = checkout(shopper)
    ref = sql_value(f"SELECT reference FROM payment WHERE preference_id = '{preference}'")
    for query in [f"status=approved&collection_status=approved&external_reference={ref}&payment_id=999999999",
                  f"status=approved&external_reference={ref}",
                  f"status=approved&payment_id=abc&external_reference={ref}"]:
        r = shopper.get(f"/finalize_payment/?{query}")
        expect_equal((r.status, r.header("Location")), (303, "/checkout/?error=payment_failed"), query)
    expect_equal(stock_of(variant), 4, "stock untouched")
    expect_equal(sql_value(f"SELECT status FROM payment WHERE preference_id = '{preference}'"), "open", "still open")
    expect("was not approved" in shopper.get("/checkout/?error=payment_failed").text, "the shopper is told")


@test
def a_payment_for_another_stores_reference_changes_nothing():
    other = make_variant(4)
    shopper = shopper_with(other)
    preference = checkout(shopper)
    sql(f"UPDATE payment SET reference = REPLACE(UUID(), '-', '') WHERE preference_id = '{preference}'")
    payment_id, return_path = pay(preference)
    r = shopper.get(return_path)
    expect_equal(r.header("Location"), "/checkout/?error=payment_failed", "unknown reference")
    expect_equal(stock_of(other), 4, "stock untouched")


@test
def rejected_and_pending_payments():
    variant = make_variant(4)
    shopper = shopper_with(variant)
    preference = checkout(shopper)
    _, return_path = pay(preference, "rejected")
    expect_equal(shopper.get(return_path).header("Location"), "/checkout/?error=payment_failed", "rejected")
    preference = checkout(shopper)
    _, return_path = pay(preference, "pending")
    order = order_of(preference)
    expect_equal(shopper.get(return_path).header("Location"), f"/order_approved/{order}/", "pending: the order page")
    expect("Waiting for your payment" in shopper.get(f"/order_approved/{order}/").text, "waiting page")
    expect_equal(stock_of(variant), 4, "nothing taken")


@test
def the_sixth_confirm_leaves_five_payable_links_and_expires_the_oldest():
    shopper = shopper_with(make_variant(10))
    preferences = [checkout(shopper) for _ in range(6)]
    statuses = [sql_value(f"SELECT status FROM payment WHERE preference_id = '{p}'") for p in preferences]
    expect_equal(statuses, ["deleted"] + ["open"] * 5, "the oldest is deleted, five stay open")
    oldest = next(p for p in sandbox_state()["preferences"] if p["id"] == preferences[0])
    code, _ = sandbox("/__sandbox/pay", {"preference_id": preferences[0], "status": "approved"})
    expect_equal(code, 410, f"the oldest link cannot be paid at the gateway (expiry {oldest['expiration_date_to']})")
    code, _ = sandbox("/__sandbox/pay", {"preference_id": preferences[1], "status": "pending"})
    expect_equal(code, 200, "the second is still payable")


@test
def held_units_cannot_be_bought_by_another_shopper_until_the_hold_expires():
    variant = make_variant(1)
    first = shopper_with(variant)
    checkout(first)
    second = Shopper()
    second.add(*variant)
    expect_equal(second.cart()[1], {}, "the held unit cannot go into another cart")
    expect('data-available="0"' in second.get(f"/product/{variant[0]}/").text, "shown as not available")
    expect_equal(first.cart()[1], {variant: 1}, "the holder still has it")
    lapse_holds(f"item_stock_id = (SELECT id FROM item_stock WHERE product_id = {variant[0]})")
    second.add(*variant)
    expect_equal(second.cart()[1], {variant: 1}, "after expiry another shopper can take it")


@test
def the_gateway_down_leaves_the_cart_intact():
    variant = make_variant(3)
    shopper = shopper_with(variant, 2)
    try:
        sandbox("/__sandbox/mode", {"mode": "error500"})
        r = confirm(shopper)
        expect_equal((r.status, r.header("Location")), (303, "/checkout/?error=payment_unavailable"), "error500")
        sandbox("/__sandbox/mode", {"mode": "malformed"})
        r = confirm(shopper)
        expect_equal(r.header("Location"), "/checkout/?error=payment_unavailable", "malformed JSON")
    finally:
        sandbox("/__sandbox/mode", {"mode": "normal"})
    expect_equal(shopper.cart()[1], {variant: 2}, "cart intact")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM stock_hold WHERE item_stock_id = "
                           f"(SELECT id FROM item_stock WHERE product_id = {variant[0]})"), "0", "no hold left behind")
    expect("could not reach Mercado Pago" in shopper.get("/checkout/?error=payment_unavailable").text, "explained")
    checkout(shopper)  # and it works again


@test
def a_bad_webhook_signature_is_401_and_changes_nothing():
    variant = make_variant(3)
    shopper = shopper_with(variant)
    preference = checkout(shopper)
    sandbox("/__sandbox/webhooks", {"enabled": False})
    try:
        payment_id, _ = pay(preference)
        expect_equal(webhook(payment_id, secret="wrong").status, 401, "wrong secret")
        expect_equal(webhook(payment_id, signature="0" * 64).status, 401, "wrong digest")
        expect_equal(webhook(payment_id, ts=int(time.time()) - 7200).status, 401, "a replay from two hours ago")
        r = request("POST", f"/payments/webhook?data.id={payment_id}&type=payment", body="{}")
        expect_equal(r.status, 401, "no signature")
        expect_equal(stock_of(variant), 3, "nothing changed")
        expect_equal(webhook(payment_id).status, 200, "the genuine one")
        expect_equal(stock_of(variant), 2, "finalized by the webhook alone")
        expect_equal(webhook(payment_id).status, 200, "again: 200, already processed")
        expect_equal(stock_of(variant), 2, "still once")
    finally:
        sandbox("/__sandbox/webhooks", {"enabled": True})


@test
def two_paid_links_of_one_order_make_one_order_and_one_refund():
    variant = make_variant(5)
    shopper = shopper_with(variant)
    first = checkout(shopper)
    second = checkout(shopper)
    id1, path1 = pay(first)
    id2, path2 = pay(second)
    shopper.get(path1)
    r = shopper.get(path2)
    order = order_of(first)
    expect_equal(r.header("Location"), f"/order_approved/{order}/", "the second return shows the order")
    expect_equal(stock_of(variant), 4, "one unit taken, once")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM refund r JOIN payment p ON p.id = r.payment_id WHERE p.order_id = {order}"),
                 "1", "one refund recorded")
    refunded = [f for f in sandbox_state()["refunds"] if str(f["payment_id"]) in (id1, id2)]
    expect_equal(len(refunded), 1, "one refund at the gateway")
    expect("refunded" in shopper.get(f"/order_approved/{order}/").text, "the shopper is told")


@test
def paying_an_old_link_after_the_cart_changed_ships_what_was_paid():
    a = make_variant(5, price="30.00")
    b = make_variant(5, price="70.00")
    shopper = shopper_with(a, 2)
    preference = checkout(shopper)
    shopper.add(*b)  # the cart changes after the link was made
    shopper.remove(*a)
    _, path = pay(preference)
    shopper.get(path)
    order = order_of(preference)
    rows = sql(f"SELECT s.product_id, i.quantity, i.unit_price_cents FROM ordered_item i "
               f"JOIN item_stock s ON s.id = i.item_stock_id WHERE i.order_id = {order}")
    expect_equal(rows, [[a[0], "2", "3000"]], "the order holds what was paid: 2 of a")
    expect_equal((stock_of(a), stock_of(b)), (3, 5), "stock moved for a only")
    expect_equal(sql_value(f"SELECT total_cents FROM shop_order WHERE id = {order}"), "6000", "the paid total")


@test
def another_shopper_cannot_see_an_order():
    variant = make_variant(3)
    owner = shopper_with(variant)
    preference = checkout(owner)
    _, path = pay(preference)
    owner.get(path)
    order = order_of(preference)
    expect_equal(owner.get(f"/order_approved/{order}/").status, 200, "the owner sees it")
    stranger = shopper_with(make_variant(3))
    expect_equal(stranger.get(f"/order_approved/{order}/").status, 404, "a stranger does not")
    expect_equal(Shopper().get(f"/order_approved/{order}/").status, 404, "nor does a new visitor")


@test
def many_shoppers_paying_at_once_for_fewer_units_never_oversell():
    units, shoppers = 4, 12
    variant = make_variant(shoppers)
    people = [shopper_with(variant) for _ in range(shoppers)]
    preferences = [checkout(p) for p in people]
    # The operator finds only 4 on the shelf, and the holds have lapsed: 12 payable links, 4 units.
    ctl("stock", "set", "--product", variant[0], "--color", variant[1], "--size", variant[2], "--quantity", str(units))
    lapse_holds(f"item_stock_id = (SELECT id FROM item_stock WHERE product_id = {variant[0]})")
    results = [None] * shoppers

    def buy(i):
        try:
            payment_id, path = pay(preferences[i])
            results[i] = people[i].get(path)
        except Exception as e:  # reported below with the others
            results[i] = e

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(shoppers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answers = [getattr(r, "status", repr(r)) for r in results]
    expect(answers == [303] * shoppers, f"every return answered 303: {answers}")
    expect_equal(stock_of(variant), 0, "stock exactly 0")
    orders = [order_of(p) for p in preferences]
    finished = sql_value("SELECT COUNT(*) FROM shop_order WHERE end_date IS NOT NULL AND id IN (" + ",".join(orders) + ")")
    expect_equal(finished, str(units), "one finished order per unit")
    refunds = sql_value("SELECT COUNT(*) FROM refund r JOIN payment p ON p.id = r.payment_id WHERE p.order_id IN (" +
                        ",".join(orders) + ")")
    expect_equal(refunds, str(shoppers - units), "every other payment refunded")
    wait_for(lambda: sql_value("SELECT COUNT(*) FROM refund r JOIN payment p ON p.id = r.payment_id WHERE r.status = 'done'"
                               " AND p.order_id IN (" + ",".join(orders) + ")") == str(shoppers - units))
    gateway_refunds = {str(f["payment_id"]) for f in sandbox_state()["refunds"]}
    paid_ids = set(sql_value(f"SELECT gateway_payment_id FROM payment WHERE preference_id = '{p}'") for p in preferences)
    expect_equal(len(gateway_refunds & paid_ids), shoppers - units, "refunded at the gateway too")


run()
