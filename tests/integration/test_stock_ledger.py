#!/usr/bin/env python3
"""The stock ledger (SPEC section 5) and the operator's stock commands (SPEC section 3): every
change of on-hand stock is one ledger row saying when, how much, why and who; an adjustment
below 0 is refused and writes nothing. (Every integration test also ends by checking that each
variant's on-hand stock is the sum of its ledger: harness.expect_ledger_exact.)"""
from harness import (Shopper, confirm, confirmed_order, ctl, expect, expect_equal, make_variant, pay, preference_of, run,
                     sql, sql_value, stock_of, test)


def variant_args(variant):
    return ["--product", variant[0], "--color", variant[1], "--size", variant[2]]


def ledger_lines(variant):
    status, out, err = ctl("stock", "ledger", *variant_args(variant))
    expect_equal(status, 0, f"stock ledger: {err}")
    return out.splitlines()[2:]  # after the header and its rule


@test
def an_adjustment_moves_on_hand_and_is_one_ledger_row_by_cli():
    variant = make_variant(5)
    status, out, err = ctl("stock", "adjust", *variant_args(variant), "--delta", "12", "--reason", "received 12")
    expect_equal((status, out, err), (0, "", ""), "adjust: done, nothing to say")
    expect_equal(stock_of(variant), 17, "on hand 5 + 12")
    status, _, err = ctl("stock", "adjust", *variant_args(variant), "--delta", "-1", "--reason", "damaged 1")
    expect_equal(status, 0, err)
    lines = ledger_lines(variant)
    expect_equal(len(lines), 3, f"three rows: the first count and two adjustments: {lines}")
    newest = lines[0].split()
    expect("-1" in newest and "16" in newest and "adjust" in newest and "cli" in newest and "damaged" in newest,
           f"newest first, with delta, on hand after, reason, who and note: {lines[0]}")
    expect("+12" in lines[1].split() and "received" in lines[1], f"then the delivery: {lines[1]}")
    expect("count" in lines[2].split() and "+5" in lines[2].split(), f"then the first count: {lines[2]}")


@test
def an_adjustment_below_zero_is_refused_and_writes_nothing():
    variant = make_variant(2)
    rows_before = sql_value("SELECT COUNT(*) FROM stock_ledger")
    status, out, err = ctl("stock", "adjust", *variant_args(variant), "--delta", "-3", "--reason", "lost")
    expect_equal(status, 2, "refused as a bad argument")
    expect("below 0" in err and out == "", f"one line saying why: {err!r}")
    expect_equal(stock_of(variant), 2, "on hand unchanged")
    expect_equal(sql_value("SELECT COUNT(*) FROM stock_ledger"), rows_before, "no ledger row")
    for bad in (["--delta", "0", "--reason", "x"], ["--delta", "two", "--reason", "x"], ["--delta", "1"],
                ["--delta", "1", "--reason", "  "]):
        status, _, err = ctl("stock", "adjust", *variant_args(variant), *bad)
        expect_equal(status, 2, f"{bad} refused: {err}")
    expect_equal(sql_value("SELECT COUNT(*) FROM stock_ledger"), rows_before, "still no ledger row")


@test
def a_sale_is_a_ledger_row_with_its_order_by_system():
    variant, shopper, preference, order = confirmed_order(4, 3)
    _, path = pay(preference)
    shopper.get(path)
    expect_equal(stock_of(variant), 1, "three sold")
    stock_id = sql_value(f"SELECT id FROM item_stock WHERE product_id = {variant[0]}")
    expect_equal(sql(f"SELECT delta, on_hand_after, reason, order_id, who FROM stock_ledger WHERE item_stock_id = {stock_id}"
                     " ORDER BY id DESC LIMIT 1"), [["-3", "1", "sale", order, "system"]], "the sale's row")


@test
def adjusting_below_what_is_held_is_allowed_and_says_so():
    variant = make_variant(3)
    for _ in range(2):
        shopper = Shopper()
        shopper.add(*variant)
        expect_equal(confirm(shopper).status, 303, "confirmed")
    status, _, err = ctl("stock", "adjust", *variant_args(variant), "--delta", "-2", "--reason", "miscounted")
    expect_equal(status, 0, err)
    expect("below the 2 units held by 2 orders" in err, f"stderr says how far: {err!r}")
    expect_equal(stock_of(variant), 1, "on hand 1")


@test
def the_demo_catalog_and_the_ledger_of_a_product():
    demo_rows = int(sql_value("SELECT COUNT(*) FROM stock_ledger WHERE reason = 'demo' AND who = 'cli'"))
    demo_variants = int(sql_value("SELECT COUNT(*) FROM item_stock s JOIN product p ON p.id = s.product_id"
                                  " WHERE p.name IN ('Basic Cotton T-Shirt', 'Piquet Polo') AND s.quantity > 0"))
    expect(demo_rows >= demo_variants > 0, f"the demo load wrote its stock through the ledger ({demo_rows} rows)")
    variant = make_variant(1)
    status, out, _ = ctl("stock", "ledger", "--product", variant[0])
    expect_equal(status, 0, "a product's ledger")
    expect_equal(len(out.splitlines()), 3, f"header, rule and its one row: {out}")
    status, _, err = ctl("stock", "ledger", "--product", variant[0], "--color", variant[1], "--size", "XXL")
    expect_equal(status, 2, f"an unknown variant is refused: {err}")


run()
