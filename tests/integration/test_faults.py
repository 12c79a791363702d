#!/usr/bin/env python3
"""Faults injected (issue 8): the app killed mid-finalize, MariaDB restarted under load, the
gateway hanging past the timeout, SIGTERM under load. These stop and start parts of the stack."""
import os
import signal
import subprocess
import threading
import time

from harness import (STACK, Shopper, app_pid, confirm, confirmed_order, expect, expect_equal, get, make_variant, pay,
                     run, sandbox, sandbox_state, sql, sql_value, stack, stock_of, test)


def root_session():
    """An interactive root client: the test writes SQL into it and it holds its locks meanwhile."""
    client = subprocess.Popen(["mariadb", "--no-defaults", "--socket", os.path.join(STACK, "db", "mysqld.sock"),
                               "-uroot", "reserva"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    return client


def hammer(paths, stop, statuses):
    while not stop.is_set():
        for path in paths:
            try:
                statuses.append(get(path, timeout=30).status)
            except OSError as e:
                statuses.append(repr(e))


@test
def kill_9_in_the_middle_of_a_finalize_then_a_retry_completes_it_exactly_once():
    variant, shopper, preference, order = confirmed_order(5, 2)
    sandbox("/__sandbox/webhooks", {"enabled": False})
    try:
        payment_id, path = pay(preference)
        # An uncommitted row with this order's e-mail key: the finalize, having already taken the
        # stock, waits on it inside its transaction.
        blocker = root_session()
        # No query keeps running in that session, so killing the client ends its transaction at once.
        blocker.stdin.write(f"START TRANSACTION; INSERT INTO mail_outbox (order_id, recipient) VALUES ({order}, 'x@example.com');\n")
        blocker.stdin.flush()
        time.sleep(0.5)
        result = {}
        returning = threading.Thread(target=lambda: result.update(r=shopper.get(path)))
        returning.start()
        time.sleep(1.5)  # the finalize is now waiting with stock decremented but not committed
        os.kill(app_pid(), signal.SIGKILL)
        returning.join(timeout=30)
        blocker.kill()
        blocker.wait()
        expect(result.get("r") is None or result["r"].status == 502, "the shopper saw the crash as a gateway error")
        expect_equal(stock_of(variant), 5, "the killed transaction did not happen: stock intact")
        expect_equal(sql_value(f"SELECT end_date IS NULL FROM shop_order WHERE id = {order}"), "1", "order not finished")
        r = stack("app-start")
        expect_equal(r.returncode, 0, f"app-start: {r.stderr}")
        r = shopper.get(path)
        expect_equal(r.header("Location"), f"/order_approved/{order}/", "the retried return finalizes")
        shopper.get(path)
        expect_equal(stock_of(variant), 3, "stock taken once")
        expect_equal(sql_value(f"SELECT COUNT(*) FROM mail_outbox WHERE order_id = {order} AND kind = 'purchase'"), "1", "one e-mail queued")
    finally:
        sandbox("/__sandbox/webhooks", {"enabled": True})
        if get("/store/").status == 502:
            stack("app-start")


@test
def mariadb_restarted_under_load_gives_503s_then_full_service():
    pid = app_pid()
    stop, statuses = threading.Event(), []
    workers = [threading.Thread(target=hammer, args=(["/store/", "/product/1/"], stop, statuses)) for _ in range(4)]
    for w in workers:
        w.start()
    time.sleep(1)
    stack("db-stop")
    time.sleep(2)
    stack("db-start")
    time.sleep(2)
    stop.set()
    for w in workers:
        w.join()
    seen = set(statuses)
    expect(seen <= {200, 503}, f"only 200 and 503 under the outage: {sorted(map(str, seen))}")
    expect(503 in seen and 200 in seen, "both happened")
    expect_equal(app_pid(), pid, "no crash")
    expect(all(get(p).status == 200 for p in ["/store/", "/product/1/", "/cart/"]), "full service after")


@test
def a_gateway_hanging_past_the_timeout_gives_a_clear_page_and_nothing_half_written():
    variant = make_variant(3)
    shopper = Shopper()
    shopper.add(*variant)
    payments = sql_value("SELECT COUNT(*) FROM payment WHERE status IN ('creating', 'open')")
    sandbox("/__sandbox/mode", {"mode": "timeout"})
    try:
        started = time.time()
        r = confirm(shopper)
        took = time.time() - started
    finally:
        sandbox("/__sandbox/mode", {"mode": "normal"})
    expect_equal(r.header("Location"), "/checkout/?error=payment_unavailable", "a clear answer")
    expect(took < 20, f"within the client's timeout, not the gateway's 30 s: {took:.1f} s")
    expect_equal(sql_value("SELECT COUNT(*) FROM payment WHERE status IN ('creating', 'open')"), payments, "no open payment")
    expect_equal(shopper.cart()[1], {variant: 1}, "cart intact")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM stock_hold WHERE item_stock_id = "
                           f"(SELECT id FROM item_stock WHERE product_id = {variant[0]})"), "0", "no hold left")


@test
def a_link_on_a_foreign_page_is_refused_and_expired_at_the_gateway():
    """The gateway answers an init_point that is not its own https page: the shopper is never sent
    there, nothing stays held, and the preference it made is expired at the gateway."""
    variant = make_variant(3)
    shopper = Shopper()
    shopper.add(*variant)
    sandbox("/__sandbox/mode", {"mode": "foreign_init_point"})
    try:
        r = confirm(shopper)
    finally:
        sandbox("/__sandbox/mode", {"mode": "normal"})
    expect_equal(r.header("Location"), "/checkout/?error=payment_unavailable", "not sent to the foreign page")
    payment = sql(f"SELECT p.status, p.preference_id, p.link_expired_at_gateway FROM payment p"
                  f" JOIN ordered_item i ON i.order_id = p.order_id"
                  f" JOIN item_stock s ON s.id = i.item_stock_id WHERE s.product_id = {variant[0]}")
    expect_equal(len(payment), 1, "one payment row")
    status, preference, expired = payment[0]
    expect_equal((status, expired), ("failed", "1"), "failed, and its link expired at the gateway")
    made = [p for p in sandbox_state()["preferences"] if p["id"] == preference]
    expect(len(made) == 1 and made[0].get("expires") and made[0].get("expiration_date_to"),
           f"the gateway's preference is expired: {made}")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM stock_hold WHERE item_stock_id = "
                           f"(SELECT id FROM item_stock WHERE product_id = {variant[0]})"), "0", "no hold left")
    expect_equal(shopper.cart()[1], {variant: 1}, "cart intact")


@test
def a_second_press_of_confirm_keeps_its_hold_when_the_first_press_times_out_after_it():
    """Confirm pressed twice: the first press's gateway call hangs, the second gets its link.
    When the first press gives up (its payment failed), the hold is the second press's and stays."""
    variant = make_variant(3)
    shopper = Shopper()
    shopper.add(*variant)
    stock_id = sql_value(f"SELECT id FROM item_stock WHERE product_id = {variant[0]}")
    first = {}
    sandbox("/__sandbox/mode", {"mode": "timeout"})
    try:
        pressing = threading.Thread(target=lambda: first.update(r=confirm(shopper)))
        pressing.start()
        # The first press is waiting on the gateway once its payment row exists.
        for _ in range(100):
            if sql_value(f"SELECT COUNT(*) FROM payment p JOIN payment_item i ON i.payment_id = p.id"
                         f" WHERE i.item_stock_id = {stock_id} AND p.status = 'creating'") == "1":
                break
            time.sleep(0.05)
        time.sleep(0.5)  # its request has reached the sandbox and read the mode
    finally:
        sandbox("/__sandbox/mode", {"mode": "normal"})
    second = confirm(shopper)
    expect("pref_id=" in (second.header("Location") or ""), f"the second press gets a link: {second.header('Location')}")
    pressing.join(timeout=30)
    expect_equal(first["r"].header("Location"), "/checkout/?error=payment_unavailable", "the first press gives up")
    expect_equal(sql(f"SELECT p.status FROM payment p JOIN payment_item i ON i.payment_id = p.id"
                     f" WHERE i.item_stock_id = {stock_id} ORDER BY p.created_at, p.id"),
                 [["failed"], ["open"]], "the first payment failed, the second's link is open")
    expect_equal(sql_value(f"SELECT COALESCE(SUM(quantity), 0) FROM stock_hold WHERE item_stock_id = {stock_id}"), "1",
                 "the open link's unit stays held")


@test
def sigterm_under_load_cuts_no_request_off():
    stop, statuses, bodies = threading.Event(), [], []

    def browse():
        while not stop.is_set():
            try:
                r = get("/store/", timeout=30)
                statuses.append(r.status)
                if r.status == 200:
                    bodies.append(r.text.rstrip().endswith("</html>"))
            except OSError as e:
                statuses.append(repr(e))

    workers = [threading.Thread(target=browse) for _ in range(6)]
    for w in workers:
        w.start()
    time.sleep(1.5)
    pid = app_pid()
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        try:
            os.kill(pid, 0)
            time.sleep(0.1)
        except ProcessLookupError:
            break
    time.sleep(0.5)
    stop.set()
    for w in workers:
        w.join()
    expect(all(bodies), "every 200 carried a whole page")
    expect(set(statuses) <= {200, 502}, f"served, or refused by nginx once the app had stopped: {set(map(str, statuses))}")
    expect(statuses.count(200) > 10, "there was load")
    r = stack("app-start")
    expect_equal(r.returncode, 0, f"app-start: {r.stderr}")
    expect_equal(get("/store/").status, 200, "serving again")


run()
