#!/usr/bin/env python3
"""A connection lost during COMMIT (issue 9; SPEC 7): MariaDB committed, reserva-fcgi never heard.
The transaction is resolved by looking up the unique key it wrote, never replayed blindly: one
payment per confirm, stock taken once per approval, and the shopper sees no error page.

reserva-fcgi is restarted to reach MariaDB through commit_eater's proxy, which cuts one chosen
COMMIT's answer off; the stack's own configuration is restored at the end."""
import os
import re

from commit_eater import CommitEater
from harness import (STACK, Shopper, confirm, confirmed_order, expect, expect_equal, make_variant, pay,
                     preference_of, run, sandbox, sql_value, stack, stack_env, stock_of, test)

CONFIG = os.path.join(STACK, "reserva.conf") if STACK else ""
eater = None


def app_log():
    with open(os.path.join(STACK, "fcgi.log"), errors="replace") as f:
        return f.read()


def restart_app_on_port(port):
    with open(CONFIG) as f:
        text = f.read()
    # Only the [database] port: the one "port = " line of the stack's configuration.
    with open(CONFIG, "w") as f:
        f.write(re.sub(r"(?m)^port = \d+$", f"port = {port}", text))
    r = stack("app-stop")
    expect_equal(r.returncode, 0, f"app-stop: {r.stderr}")
    r = stack("app-start")
    expect_equal(r.returncode, 0, f"app-start: {r.stderr}")


@test
def the_app_runs_through_the_proxy():
    global eater
    eater = CommitEater(int(stack_env()["DB_PORT"]))
    restart_app_on_port(eater.port)
    shopper = Shopper()
    expect_equal(shopper.get("/store/").status, 200, "the store answers through the proxy")


@test
def a_confirm_whose_commit_answer_is_lost_makes_one_payment_and_sends_the_shopper_to_pay():
    variant = make_variant(4)
    shopper = Shopper()
    shopper.add(*variant)
    eaten_before, log_before = eater.commits_eaten, len(app_log())
    eater.arm("INSERT INTO payment (")
    r = confirm(shopper)
    expect_equal(eater.commits_eaten, eaten_before + 1, "the proxy cut the confirm's COMMIT answer")
    expect("connection lost during COMMIT" in app_log()[log_before:], "reserva-fcgi logged the lost COMMIT")
    expect_equal(r.status, 303, f"the shopper goes on to pay, no error page ({r.text[:200]})")
    preference = preference_of(r.header("Location"))
    order = sql_value(f"SELECT order_id FROM payment WHERE preference_id = '{preference}'")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM payment WHERE order_id = {order}"), "1",
                 "one payment for the confirm (the lookup found it; a blind rerun would make a second)")
    expect_equal(sql_value(f"SELECT status FROM payment WHERE order_id = {order}"), "open", "and its link is attached")
    expect_equal(sql_value(f"SELECT SUM(quantity) FROM stock_hold WHERE order_id = {order}"), "1", "one unit held")


@test
def an_approval_whose_commit_answer_is_lost_takes_the_stock_once_and_shows_the_order():
    variant, shopper, preference, order = confirmed_order(5, 2)
    sandbox("/__sandbox/webhooks", {"enabled": False})  # the shopper's return finalizes, not the webhook
    try:
        eaten_before, log_before = eater.commits_eaten, len(app_log())
        eater.arm("INSERT INTO stock_ledger")
        payment_id, path = pay(preference)
        r = shopper.get(path)
        expect_equal(eater.commits_eaten, eaten_before + 1, "the proxy cut the finalize's COMMIT answer")
        expect("connection lost during COMMIT" in app_log()[log_before:], "reserva-fcgi logged the lost COMMIT")
        expect_equal(r.header("Location"), f"/order_approved/{order}/", f"the shopper sees the order ({r.status})")
        expect_equal(stock_of(variant), 3, "stock taken once")
        expect_equal(sql_value(f"SELECT COUNT(*) FROM refund WHERE gateway_payment_id = '{payment_id}'"), "0", "no refund")
        expect_equal(sql_value(f"SELECT end_date IS NOT NULL FROM shop_order WHERE id = {order}"), "1", "order finished")
        expect_equal(sql_value(f"SELECT COUNT(*) FROM mail_outbox WHERE kind = 'purchase' AND order_id = {order}"), "1", "one e-mail queued")
        expect_equal(shopper.get(f"/order_approved/{order}/").status, 200, "the order page shows")
    finally:
        sandbox("/__sandbox/webhooks", {"enabled": True})


@test
def the_app_goes_back_to_the_database_directly():
    restart_app_on_port(int(stack_env()["DB_PORT"]))
    eater.close()
    expect_equal(Shopper().get("/store/").status, 200, "the store answers")


run()
