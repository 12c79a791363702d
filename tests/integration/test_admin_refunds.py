#!/usr/bin/env python3
"""Refunds from the back office (SPEC section 8, owners only): all or part through the gateway
with its amount, never more than what is left, once per form however often it is submitted, units
back to stock through the ledger as the owner chooses, one e-mail per refund; a gateway outage
leaves the refund to reserva-expire."""
import re
import time
from types import SimpleNamespace

from harness import expect, expect_equal, expire_pass, run, sandbox, sandbox_state, sql, sql_value, stock_of, test
from staff_client import messages_to, paid_order, signed_in, wait_for


def refund_form(owner, order):
    page = owner.get(f"/admin/orders/{order}/")
    key = re.search(r'name="key" value="([0-9a-f]{32})"', page.text)
    lines = re.findall(r'data-line-id="(\d+)"', page.text)
    return page, (key.group(1) if key else None), lines


def reopen_form(case):
    """The order page again, for the refund form's one-time key (each refund spends it) and the
    order's line ids."""
    _, case.key, case.lines = refund_form(case.owner, case.order)
    return case


def owner_at_refund_form(order):
    """An owner signed in with the order's refund form open: .order, .owner, .owner_email, .key, .lines."""
    owner, owner_email = signed_in("owner")
    return reopen_form(SimpleNamespace(order=order, owner=owner, owner_email=owner_email))


def refundable_order(units=1, price="20.00"):
    """A shopper's paid order with an owner at its refund form: what owner_at_refund_form gives,
    and .variant, .shopper, .payment_id, .email."""
    variant, shopper, order, payment_id, email = paid_order(units=units, price=price)
    case = owner_at_refund_form(order)
    case.variant, case.shopper, case.payment_id, case.email = variant, shopper, payment_id, email
    return case


def refund_fields(key, amount, reason):
    return {"amount": amount, "reason": reason, "key": key}


def refund(case, amount, reason, restock_first_line=None):
    """Sends the refund form the owner has open; restock_first_line: units of the order's first
    line back to stock."""
    fields = refund_fields(case.key, amount, reason)
    if restock_first_line is not None:
        fields[f"restock_{case.lines[0]}"] = str(restock_first_line)
    return case.owner.post(f"/admin/orders/{case.order}/refund", fields)


def gateway_refunds(payment_id):
    return [r for r in sandbox_state()["refunds"] if str(r["payment_id"]) == str(payment_id)]


def refund_emails(email):
    return [m for m in messages_to(email) if "refunded for order" in (m["subject"] or "")]


@test
def a_partial_refund_goes_to_the_gateway_with_its_amount_restocks_and_tells_the_shopper():
    case = refundable_order(units=2, price="50.00")
    order = case.order
    stock_before = stock_of(case.variant)
    expect(case.key and len(case.lines) == 1, "the refund form")
    r = refund(case, "30,00", "One shirt came back", restock_first_line=1)
    expect_equal(r.status, 303, r.text[:300])
    expect_equal(r.header("Location"), f"/admin/orders/{order}/", "back to the order")
    at_gateway = gateway_refunds(case.payment_id)
    expect_equal([x["amount"] for x in at_gateway], [30.0], "one refund of R$ 30 at the sandbox")
    expect_equal(stock_of(case.variant), stock_before + 1, "one unit back on hand")
    ledger = sql(f"SELECT delta, reason, who, order_id FROM stock_ledger WHERE item_stock_id = "
                 f"(SELECT item_stock_id FROM ordered_item WHERE id = {case.lines[0]}) ORDER BY id DESC LIMIT 1")
    expect_equal(ledger[0], ["1", "refund", case.owner_email, order], "the ledger row")
    page = case.owner.get(f"/admin/orders/{order}/")
    expect('data-refund-cents="3000" data-refund-status="done"' in page.text, "the refund on the order page")
    expect(f'data-order-state="paid"' in page.text, "a partial refund leaves the state")
    expect('data-refund-cents="3000"' in case.shopper.get(f"/order_approved/{order}/").text, "the shop's order page shows it")
    expect(wait_for(lambda: len(refund_emails(case.email)) == 1), "one e-mail to the shopper")
    expect("R$ 30,00" in refund_emails(case.email)[0]["text"], "with the amount")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM audit_log WHERE action = 'order.refund' AND subject = 'order #{order}'"
                           f" AND who = '{case.owner_email}'"), "1", "an audit row")


@test
def the_same_form_submitted_twice_refunds_once():
    case = refundable_order(units=1, price="40.00")
    expect_equal(refund(case, "10,00", "Late delivery").status, 303, "first")
    expect_equal(refund(case, "10,00", "Late delivery").status, 303, "second: the same answer")
    expect_equal(len(gateway_refunds(case.payment_id)), 1, "one refund at the gateway")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM refund WHERE order_id = {case.order}"), "1", "one refund row")
    time.sleep(3)
    expect_equal(len(refund_emails(case.email)), 1, "one e-mail")


@test
def more_than_what_is_left_is_refused_and_nothing_is_sent():
    case = refundable_order(units=1, price="40.00")
    expect_equal(refund(case, "25,00", "Part").status, 303, "R$ 25 of 40")
    r = refund(reopen_form(case), "15,01", "Too much")
    expect_equal(r.status, 400, "R$ 15,01 when 15,00 is left")
    expect("R$ 15,00" in r.text, "says what is left")
    expect_equal(len(gateway_refunds(case.payment_id)), 1, "nothing more sent")
    for bad in ("abc", "-5", "0", "1,2,3"):
        expect_equal(refund(reopen_form(case), bad, "x").status, 400, f"amount {bad!r}")
    expect_equal(len(gateway_refunds(case.payment_id)), 1, "still nothing more sent")


@test
def an_empty_amount_refunds_all_that_is_left_and_the_order_is_refunded():
    case = refundable_order(units=2, price="35.00")
    order = case.order
    refund(case, "10,00", "Part")
    stock_before = stock_of(case.variant)
    r = refund(reopen_form(case), "", "Whole order returned", restock_first_line=2)
    expect_equal(r.status, 303, r.text[:300])
    expect_equal(sorted(x["amount"] for x in gateway_refunds(case.payment_id)), [10.0, 60.0], "the rest at the gateway")
    expect_equal(sql_value(f"SELECT refunded_cents FROM shop_order WHERE id = {order}"), "7000", "all of it")
    expect(f'data-order-state="refunded"' in case.owner.get(f"/admin/orders/{order}/").text, "refunded")
    expect('data-order-state="refunded"' in case.shopper.get(f"/order_approved/{order}/").text, "the shop says so")
    expect_equal(stock_of(case.variant), stock_before + 2, "both units back")
    expect(reopen_form(case).key is None, "no refund form once all is refunded")
    expect(wait_for(lambda: len(refund_emails(case.email)) == 2), "one e-mail per refund")


@test
def restocking_more_than_the_line_has_is_refused():
    case = refundable_order()
    stock_before = stock_of(case.variant)
    r = refund(case, "", "x", restock_first_line=2)
    expect_equal(r.status, 400, "2 units of a 1-unit line")
    expect_equal(gateway_refunds(case.payment_id), [], "nothing sent")
    expect_equal(stock_of(case.variant), stock_before, "nothing restocked")


@test
def a_refund_without_a_valid_token_is_refused():
    case = refundable_order()
    form = refund_fields(case.key, "5,00", "x")
    expect_equal(case.owner.post(f"/admin/orders/{case.order}/refund", form, token=None).status, 403, "no token")
    other, _ = signed_in("owner")
    expect_equal(case.owner.post(f"/admin/orders/{case.order}/refund", form, token=other.token).status, 403,
                 "another session's")
    expect_equal(gateway_refunds(case.payment_id), [], "nothing sent")


@test
def a_refund_the_gateway_refuses_is_marked_failed_and_restocks_nothing():
    variant, _, order, payment_id, email = paid_order(units=1, price="20.00")
    # Refunded in full at the dashboard while the store hears nothing (no webhook): the store
    # still thinks R$ 20 is left, the gateway refuses.
    sandbox("/__sandbox/webhooks", {"enabled": False})
    try:
        sandbox("/__sandbox/reverse", {"payment_id": int(payment_id), "status": "refunded"})
    finally:
        sandbox("/__sandbox/webhooks", {"enabled": True})
    case = owner_at_refund_form(order)
    stock_before = stock_of(variant)
    r = refund(case, "5,00", "x", restock_first_line=1)
    expect_equal(r.status, 303, r.text[:200])
    page = case.owner.get(f"/admin/orders/{order}/")
    expect('data-refund-status="failed"' in page.text and "refused" in page.text, "failed, and the timeline says why")
    expect_equal(stock_of(variant), stock_before, "nothing restocked")
    expect_equal(sql_value(f"SELECT refunded_cents FROM shop_order WHERE id = {order}"), "0", "nothing counted")
    time.sleep(2)
    expect_equal(refund_emails(email), [], "no e-mail")


@test
def with_the_gateway_down_the_refund_waits_and_reserva_expire_makes_it():
    case = refundable_order()
    stock_before = stock_of(case.variant)
    sandbox("/__sandbox/mode", {"mode": "error500"})
    try:
        r = refund(case, "8,00", "Later", restock_first_line=1)
    finally:
        sandbox("/__sandbox/mode", {"mode": "normal"})
    expect_equal(r.status, 303, r.text[:200])
    expect('data-refund-status="pending"' in case.owner.get(f"/admin/orders/{case.order}/").text, "pending on the order")
    expect_equal(stock_of(case.variant), stock_before, "not restocked before the gateway made it")
    done = expire_pass()
    expect_equal(done.returncode, 0, done.stderr)
    expect_equal([x["amount"] for x in gateway_refunds(case.payment_id)], [8.0], "made with its amount")
    expect('data-refund-status="done"' in case.owner.get(f"/admin/orders/{case.order}/").text, "done")
    expect_equal(stock_of(case.variant), stock_before + 1, "restocked then")
    expect(wait_for(lambda: len(refund_emails(case.email)) == 1), "one e-mail")


run()
