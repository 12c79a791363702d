#!/usr/bin/env python3
"""Low stock (issue 16): a threshold per variant (default [stock] low_threshold = 3), the
low-stock list, and one e-mail a day to [mail] notify (owner@example.com on the test stack)
from the timer pass, listing the variants that fell to their threshold since they were last
listed."""
from harness import (ctl, expect, expect_equal, make_variant, messages_to, run, sku_of, sql, sql_value, stock_id_of,
                     test, wait_for)

OWNER = "owner@example.com"


def adjust(variant, delta):
    status, _, err = ctl("stock", "adjust", "--product", variant[0], "--color", variant[1], "--size", variant[2],
                         "--delta", str(delta), "--reason", "test")
    expect_equal(status, 0, err)


def mails_naming(sku):
    return [m for m in messages_to(OWNER) if sku in m["text"]]


def expire():
    status, _, err = ctl("expire")
    expect_equal(status, 0, err)


def as_if_a_day_passed():
    """Today's low-stock mail becomes an earlier day's, so the next pass may send another."""
    sql("UPDATE mail_outbox SET dedupe_key = CONCAT('low_stock:old:', id) WHERE dedupe_key = CONCAT('low_stock:', UTC_DATE())")


@test
def the_low_stock_list_uses_each_threshold():
    plenty, low, own = make_variant(5), make_variant(2), make_variant(4)
    status, _, err = ctl("variant", "threshold", "--variant", stock_id_of(own), "--threshold", "10")
    expect_equal(status, 0, err)
    status, out, err = ctl("stock", "low")
    expect_equal(status, 0, err)
    expect(sku_of(low) in out, "2 on hand is at most the default 3")
    expect(sku_of(own) in out, "4 on hand is at most its own 10")
    expect(sku_of(plenty) not in out, "5 on hand is not low")
    status, _, err = ctl("variant", "threshold", "--variant", stock_id_of(own), "--threshold", "default")
    expect_equal(status, 0, err)
    expect(sku_of(own) not in ctl("stock", "low")[1], "back to the default 3")
    expect_equal(ctl("variant", "threshold", "--variant", stock_id_of(own), "--threshold", "-1")[0], 2, "refused")


@test
def one_email_a_day_lists_the_variants_that_crossed():
    as_if_a_day_passed()
    above, low = make_variant(5), make_variant(1)
    expire()
    expect(wait_for(lambda: len(mails_naming(sku_of(low))) == 1), "today's mail names the low variant")
    mail = mails_naming(sku_of(low))[0]
    expect(sku_of(above) not in mail["text"], "not the one with plenty")
    expect("low on stock" in mail["subject"], f"subject: {mail['subject']}")
    expect(sku_of(low) in mail["html"] and "<table" in mail["html"], "an HTML body too")
    adjust(above, -2)  # 3 left: it crosses now, but today's mail is gone
    expire()
    expect_equal(sql_value("SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key = CONCAT('low_stock:', UTC_DATE())"), "1",
                 "one low-stock mail today")
    expect_equal(mails_naming(sku_of(above)), [], "the second crossing waits for tomorrow")
    as_if_a_day_passed()
    expire()
    expect(wait_for(lambda: len(mails_naming(sku_of(above))) == 1), "the next day's mail names it")
    expect_equal(len(mails_naming(sku_of(low))), 1, "the variant listed yesterday, still low, is not listed again")
    adjust(low, 5)  # back above its threshold...
    expire()
    adjust(low, -5)  # ...and down again: news again
    as_if_a_day_passed()
    expire()
    expect(wait_for(lambda: len(mails_naming(sku_of(low))) == 2), "listed again after it fell again")


run()
