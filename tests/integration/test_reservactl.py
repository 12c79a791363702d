#!/usr/bin/env python3
"""The operator CLI of SPEC section 3: ids alone on stdout, bad arguments exit 2 and write nothing."""
import os
import subprocess
import tempfile
import uuid

from harness import BUILD, STACK, ctl, expect, expect_equal, run, sql, sql_value, test


def count(table):
    return int(sql_value(f"SELECT COUNT(*) FROM {table}"))


@test
def help_lists_every_command():
    status, out, _ = ctl("--help")
    expect_equal(status, 0, "exit status")
    for command in ["migrate", "demo", "product add", "color add", "stock set", "stock get", "orders list", "payments list"]:
        expect(command in out, f"--help mentions {command}")


@test
def product_add_prints_the_new_id_alone():
    status, out, _ = ctl("product", "add", "--name", "Linen Shirt", "--price", "149.90", "--description", "Light.",
                         "--image", "/static/img/demo/polo.svg")
    expect_equal(status, 0, "exit status")
    expect(out.strip().isdigit() and out.count("\n") == 1, f"stdout is the id alone: {out!r}")
    row = sql(f"SELECT name, price_cents, description, image_url FROM product WHERE id = {out.strip()}")[0]
    expect_equal(row, ["Linen Shirt", "14990", "Light.", "/static/img/demo/polo.svg"], "the stored product")


@test
def bad_arguments_exit_2_with_one_line_and_write_nothing():
    products, colors, stock = count("product"), count("color"), count("item_stock")
    product = sql_value("SELECT MIN(id) FROM product")
    color = sql_value("SELECT MIN(id) FROM color")
    cases = [
        ["product", "add", "--name", "X", "--price", "12,50"],
        ["product", "add", "--name", "X", "--price", "-3"],
        ["product", "add", "--price", "3"],
        ["product", "add", "--name", "", "--price", "3"],
        ["product", "add", "--name", "X", "--price", "3", "--colour", "red"],
        ["product", "add", "--name"],
        ["product", "remove", "--id", "1"],
        [],
        ["stock", "set", "--product", "999999", "--color", color, "--size", "M", "--quantity", "3"],
        ["stock", "set", "--product", product, "--color", "999999", "--size", "M", "--quantity", "3"],
        ["stock", "set", "--product", product, "--color", color, "--size", "M", "--quantity", "-1"],
        ["stock", "set", "--product", product, "--color", color, "--size", "M", "--quantity", "many"],
        ["stock", "set", "--product", "abc", "--color", color, "--size", "M", "--quantity", "1"],
        ["stock", "get", "--product", product, "--color", color, "--size", "NOPE"],
        ["color", "add", "--name", "Navy"],
    ]
    for args in cases:
        status, out, err = ctl(*args)
        expect_equal(status, 2, f"exit status of {args}")
        expect(err.count("\n") == 1 and err.startswith("reservactl: "), f"one line on stderr for {args}: {err!r}")
        expect_equal(out, "", f"nothing on stdout for {args}")
    expect_equal((count("product"), count("color"), count("item_stock")), (products, colors, stock), "row counts")


@test
def color_add_and_stock_set_then_get():
    # A name of its own, so that the test also passes on a stack an earlier run has used.
    status, color, _ = ctl("color", "add", "--name", f"Mustard {uuid.uuid4().hex[:8]}")
    expect_equal(status, 0, "color add")
    product = sql_value("SELECT MIN(id) FROM product")
    status, out, _ = ctl("stock", "set", "--product", product, "--color", color.strip(), "--size", "GG", "--quantity", "9")
    expect_equal((status, out), (0, ""), "stock set creates the variant")
    expect_equal(ctl("stock", "get", "--product", product, "--color", color.strip(), "--size", "GG")[1], "9\n", "stock get")
    ctl("stock", "set", "--product", product, "--color", color.strip(), "--size", "GG", "--quantity", "2")
    expect_equal(ctl("stock", "get", "--product", product, "--color", color.strip(), "--size", "GG")[1], "2\n",
                 "stock set replaces the quantity")


@test
def migrate_and_demo_are_idempotent():
    products = count("product")
    for command in ["migrate", "demo"]:
        status, _, err = ctl(command)
        expect_equal(status, 0, f"{command} again ({err})")
    expect_equal(count("product"), products, "no duplicate demo products")
    expect_equal(sql_value("SELECT COUNT(*) FROM schema_migration WHERE version = 1"), "1", "001 recorded once")


@test
def orders_and_payments_lists_are_tables():
    for args, header in [(["orders", "list"], "order"), (["payments", "list"], "payment")]:
        status, out, _ = ctl(*args)
        expect_equal(status, 0, f"exit status of {args}")
        expect(out.startswith(header) and "\n--" in out, f"{args} prints a table: {out[:80]!r}")


@test
def a_config_with_an_unknown_key_is_refused_with_its_line():
    with open(os.path.join(STACK, "reserva.conf")) as f:
        text = f.read()
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as bad:
        bad.write(text.replace("[mail]\n", "[mail]\ncolour = blue\n"))
    r = subprocess.run([os.path.join(BUILD, "reservactl"), "--config", bad.name, "orders", "list"],
                       capture_output=True, text=True)
    os.unlink(bad.name)
    expect_equal(r.returncode, 2, "exit status")
    expect("unknown key 'colour'" in r.stderr and ":" in r.stderr, f"names key and line: {r.stderr!r}")


run()
