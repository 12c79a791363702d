#!/usr/bin/env python3
"""Stock lowered below what shoppers hold (issue 14, SPEC section 5): the first to pay while
their holds are live get the units on hand, the rest are refunded; a payment whose hold lapsed
gets only units no live hold covers; the operator is told how far stock is over-committed."""
import threading
import time

from harness import (after_availability_bound, Shopper, confirm, ctl, expect, expect_equal, lapse_holds, make_variant, pay, preference_of, run,
                     sandbox, sandbox_state, signed_webhook, sql, sql_value, stock_of, test)


def confirmed_shoppers(variant, count):
    """`count` shoppers who each confirmed one unit of the variant: [(shopper, preference, order)]."""
    people = []
    for _ in range(count):
        shopper = Shopper()
        shopper.add(*variant)
        r = confirm(shopper)
        while r.status == 429:  # nginx's limit on POST /checkout/ (10 a second from one address)
            time.sleep(0.5)
            r = confirm(shopper)
        expect_equal(r.status, 303, f"confirm answered {r.status}")
        preference = preference_of(r.header("Location"))
        people.append((shopper, preference,
                       sql_value(f"SELECT order_id FROM payment WHERE preference_id = '{preference}'")))
    return people


def count_stock(variant, quantity):
    """reservactl stock set, as an owner who counted the shelf: (exit status, stderr)."""
    status, _, err = ctl("stock", "set", "--product", variant[0], "--color", variant[1], "--size", variant[2],
                         "--quantity", str(quantity))
    return status, err


def everyone_pays_at_once(people):
    """Pays every link at the sandbox, then releases each payment's return URL and its signed
    webhook together, on threads of their own. Returns every answer's status."""
    sandbox("/__sandbox/webhooks", {"enabled": False})
    try:
        paid = [(shopper, *pay(preference)) for shopper, preference, _ in people]
    finally:
        sandbox("/__sandbox/webhooks", {"enabled": True})
    start = threading.Barrier(2 * len(paid))
    answers = [None] * (2 * len(paid))

    def run_one(slot, call):
        start.wait()
        try:
            answers[slot] = call().status
        except Exception as e:  # reported with the others
            answers[slot] = repr(e)

    threads = []
    for i, (shopper, payment_id, path) in enumerate(paid):
        threads.append(threading.Thread(target=run_one, args=(2 * i, lambda s=shopper, p=path: s.get(p))))
        threads.append(threading.Thread(target=run_one, args=(2 * i + 1, lambda p=payment_id: signed_webhook(p))))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def five_holds_lapse_then_stock_is_counted(shoppers, counted):
    """A new variant that `shoppers` shoppers each confirm one unit of; the first five holds
    lapse, then the shelf is counted at `counted` (allowed). Returns (variant, people, the lapsed
    holds' orders, what reservactl said on stderr)."""
    variant = make_variant(shoppers)
    people = confirmed_shoppers(variant, shoppers)
    lapsed = [order for _, _, order in people[:5]]
    lapse_holds(f"order_id IN ({','.join(lapsed)})")
    status, err = count_stock(variant, counted)
    expect_equal(status, 0, err)
    return variant, people, lapsed, err


def everyone_pays_and_is_answered(people):
    """everyone_pays_at_once, every answer checked; returns (every order, the orders finished)."""
    orders = [order for _, _, order in people]
    expect_no_server_errors(everyone_pays_at_once(people))
    return orders, finished_among(orders)


def finished_among(orders):
    return {o for o in orders if sql_value(f"SELECT end_date IS NOT NULL FROM shop_order WHERE id = {o}") == "1"}


def refunds_of(orders):
    return int(sql_value("SELECT COUNT(*) FROM refund r JOIN payment p ON p.id = r.payment_id"
                         f" WHERE p.order_id IN ({','.join(orders)})"))


def expect_no_server_errors(answers):
    expect(all(isinstance(a, int) and a < 500 for a in answers), f"no 5xx and no failed request: {answers}")
    returns, hooks = answers[0::2], answers[1::2]
    expect(returns == [303] * len(returns), f"every return URL answered 303: {returns}")
    expect(hooks == [200] * len(hooks), f"every webhook answered 200: {hooks}")


@test
def stock_counted_below_thirty_holds_sells_ten_and_refunds_twenty():
    variant = make_variant(30)
    people = confirmed_shoppers(variant, 30)
    status, err = count_stock(variant, 10)
    expect_equal(status, 0, f"lowering stock below what is held is allowed ({err})")
    expect("30 units held by 30 orders" in err, f"and reservactl says how far: {err!r}")
    orders, finished = everyone_pays_and_is_answered(people)
    expect_equal(len(finished), 10, "ten payments honoured: the units on the shelf")
    expect_equal(refunds_of(orders), 20, "twenty refunded")
    expect_equal(stock_of(variant), 0, "stock 0")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM mail_outbox WHERE kind = 'purchase' AND order_id IN ({','.join(orders)})"), "10",
                 "exactly ten purchase e-mails")
    stock_id = sql_value(f"SELECT id FROM item_stock WHERE product_id = {variant[0]}")
    ledger = {row[0]: row[1:] for row in sql(f"SELECT reason, COUNT(*), SUM(delta) FROM stock_ledger"
                                             f" WHERE item_stock_id = {stock_id} GROUP BY reason")}
    expect_equal(ledger, {"count": ["2", "10"], "sale": ["10", "-10"]}, "the ledger: two counts (30, then 10), ten sales")
    refunded = {row[0] for row in sql("SELECT r.gateway_payment_id FROM refund r JOIN payment p ON p.id = r.payment_id"
                                      f" WHERE p.order_id IN ({','.join(orders)})")}
    expect(_wait_refunds(refunded), "the twenty refunds reached the gateway")


def _wait_refunds(wanted, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if wanted <= {str(r["payment_id"]) for r in sandbox_state()["refunds"]}:
            return True
        time.sleep(0.2)
    return False


@test
def lapsed_holds_get_nothing_while_live_holds_exceed_stock():
    variant, people, lapsed, err = five_holds_lapse_then_stock_is_counted(30, 10)
    expect("25 units held by 25 orders" in err, f"only live holds are reported: {err!r}")
    _, finished = everyone_pays_and_is_answered(people)
    expect_equal(len(finished), 10, "ten honoured")
    expect(not finished & set(lapsed), f"none of them a lapsed hold's: {sorted(finished & set(lapsed))}")
    expect_equal(refunds_of(lapsed), 5, "every lapsed hold's payment refunded")
    expect_equal(stock_of(variant), 0, "stock 0")


@test
def lapsed_holds_share_only_the_units_no_live_hold_covers():
    # 15 live holds, 2 units nobody's live hold covers.
    variant, people, lapsed, err = five_holds_lapse_then_stock_is_counted(20, 17)
    expect_equal(err, "", "stock still covers what is held: nothing to say")
    orders, finished = everyone_pays_and_is_answered(people)
    expect(set(orders[5:]) <= finished, "every live hold's payment honoured")
    expect_equal(len(finished & set(lapsed)), 2, "two lapsed holds' payments got the two free units")
    expect_equal(refunds_of(orders), 3, "the other three refunded")
    expect_equal(stock_of(variant), 0, "stock 0")


@test
def new_holds_are_refused_while_stock_is_over_committed():
    variant = make_variant(3)
    confirmed_shoppers(variant, 3)
    count_stock(variant, 1)
    after_availability_bound()  # a visitor without a cart may be shown availability that old
    page = Shopper().get(f"/product/{variant[0]}/").text
    expect(f'data-color="{variant[1]}" data-size="{variant[2]}" data-available="0"' in page,
           "the product page shows none available")
    latecomer = Shopper()
    latecomer.add(*variant)
    r, lines, _ = latecomer.cart()
    expect_equal(lines, {}, "add to cart adds nothing")


run()
