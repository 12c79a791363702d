#!/usr/bin/env python3
"""Stock from CSV and the catalog as CSV (issue 16; SPEC section 8's import and exports, here
through reservactl, which calls the same store functions the back office will): a dry run lists
every change and every bad line by its spreadsheet row; nothing is applied while any line is bad;
an import is one ledger row per changed variant, reason import."""
import csv
import io
import os
import uuid

from harness import (STACK, ctl, expect, expect_equal, make_variant, run, sku_of, sql, sql_value, stock_id_of,
                     stock_of, test)


def import_file(data, *flags):
    path = os.path.join(STACK, f"import-{uuid.uuid4().hex[:8]}.csv")
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    try:
        return ctl("stock", "import", path, *flags)
    finally:
        os.unlink(path)


def ledger_rows(variant):
    return sql(f"SELECT delta, on_hand_after, reason, who FROM stock_ledger WHERE item_stock_id = {stock_id_of(variant)}"
               " ORDER BY id")


@test
def a_dry_run_lists_every_change_and_applies_nothing():
    a, b = make_variant(5), make_variant(2)
    before = ledger_rows(a) + ledger_rows(b)
    status, out, err = import_file(f"sku,quantity\n{sku_of(a)},12\n{sku_of(b)},2\n", "--dry-run")
    expect_equal(status, 0, f"a good dry run: {err}")
    expect(f"line 2: {sku_of(a)}" in out and "5 -> 12 (+7)" in out, f"the change is listed: {out}")
    expect(sku_of(b) not in out, "a line that changes nothing is not a change")
    expect("dry run: 1 changes (counts), 1 lines unchanged, 0 bad lines" in err, err)
    expect_equal((stock_of(a), stock_of(b)), (5, 2), "nothing applied")
    expect_equal(ledger_rows(a) + ledger_rows(b), before, "no ledger rows")


@test
def a_good_import_applies_counts_as_import_ledger_rows():
    a, b = make_variant(5), make_variant(9)
    status, out, err = import_file(f"sku,quantity\r\n{sku_of(a)},12\r\n{sku_of(b)},3\r\n")
    expect_equal(status, 0, f"import: {err}")
    expect("applied: 2 changes" in err, err)
    expect_equal((stock_of(a), stock_of(b)), (12, 3), "on hand set")
    expect_equal(ledger_rows(a)[-1], ["7", "12", "import", "cli"], "a's ledger row")
    expect_equal(ledger_rows(b)[-1], ["-6", "3", "import", "cli"], "b's ledger row")
    note = sql_value(f"SELECT note FROM stock_ledger WHERE item_stock_id = {stock_id_of(a)} ORDER BY id DESC LIMIT 1")
    expect(note.startswith("import import-") and note.endswith(".csv"), f"the note names the file: {note}")


@test
def deltas_adjust_and_one_going_below_zero_applies_nothing():
    a, b = make_variant(5), make_variant(1)
    status, out, err = import_file(f"sku,delta\n{sku_of(a)},+4\n{sku_of(b)},-2\n")
    expect_equal(status, 2, "refused")
    expect("line 3: bad: on hand is 1; a delta of -2 would take it below 0" in out, out)
    expect("nothing applied" in err, err)
    expect_equal((stock_of(a), stock_of(b)), (5, 1), "the good line was not applied either")
    status, out, err = import_file(f"sku,delta\n{sku_of(a)},+4\n{sku_of(b)},-1\n")
    expect_equal(status, 0, err)
    expect_equal((stock_of(a), stock_of(b)), (9, 0), "both applied")
    expect_equal(ledger_rows(b)[-1], ["-1", "0", "import", "cli"], "as an import")


@test
def a_bad_line_applies_nothing_and_every_bad_line_is_named():
    a = make_variant(5)
    before = ledger_rows(a)
    text = (f"sku,quantity\n{sku_of(a)},8\nNO-SUCH-SKU-{uuid.uuid4().hex[:6]},3\n{sku_of(a)},9\n"
            f"{sku_of(a)}x,-4\n,\nlast,1.5\n")
    for flags in (("--dry-run",), ()):
        status, out, err = import_file(text, *flags)
        expect_equal(status, 2, f"bad lines {flags}: exit 2")
        for wanted in ["line 3: bad: no variant has the SKU", "line 4: bad: the SKU", "line 5: bad: the quantity -4",
                       "line 7: bad: the quantity '1.5' is not a whole number"]:
            expect(wanted in out, f"{wanted!r} in {out}")
        expect("line 6" not in out, "an empty row is no line")
        expect(f"line 2: {sku_of(a)}" in out, "the good line is listed as a change")
    expect_equal(stock_of(a), 5, "nothing applied")
    expect_equal(ledger_rows(a), before, "no ledger row")


@test
def brazilian_spreadsheet_files_work_and_foreign_ones_are_refused_clearly():
    a, b = make_variant(5), make_variant(5)
    semicolon = f'\ufeffSKU;Quantidade;quantity\r\n"{sku_of(a)}";x;"7"\r\n{sku_of(b)};y;6\r\n;;\r\n'.encode("utf-8")
    status, out, err = import_file(semicolon)
    expect_equal(status, 0, f"a BOM, ';', quotes and CRLF: {out} {err}")
    expect_equal((stock_of(a), stock_of(b)), (7, 6), "applied")
    utf16 = f"sku,quantity\r\n{sku_of(a)},1\r\n".encode("utf-16")
    status, out, err = import_file(utf16)
    expect_equal(status, 2, "UTF-16 refused")
    expect("UTF-16" in out and "CSV UTF-8" in out, f"says how to save it: {out}")
    status, out, err = import_file(f'sku,quantity\n"{sku_of(a)},1\n')
    expect_equal(status, 2, "a broken quote refused")
    expect("double quote" in out and "line 2" in out, out)
    status, out, err = import_file("name,amount\nx,1\n")
    expect_equal(status, 2, "a header that is neither")
    expect("line 1: bad: the header has no \"sku\" column" in out, out)
    expect_equal(stock_of(a), 7, "none of these changed anything")


@test
def stock_csv_exports_every_variant_and_reads_back_as_counts():
    a = make_variant(4)
    status, out, err = ctl("export", "stock")
    expect_equal(status, 0, err)
    rows = list(csv.reader(io.StringIO(out)))
    expect_equal(rows[0], ["sku", "product", "color", "size", "on_hand", "held"], "the header")
    mine = [r for r in rows if r[0] == sku_of(a)]
    expect_equal(len(mine), 1, "the variant's row")
    expect_equal(mine[0][4:], ["4", "0"], "on hand and held")
    expect_equal(len(rows) - 1, int(sql_value("SELECT COUNT(*) FROM item_stock")), "every variant")
    # The owner edits on_hand in the exported file and imports it back.
    edited = "\r\n".join([",".join(rows[0])] + [",".join(r[:4] + ["10", r[5]]) if r[0] == sku_of(a) else
                                                 ",".join(r) for r in rows[1:] if "," not in "".join(r)])
    status, out, err = import_file(edited + "\r\n", "--dry-run")
    expect_equal(status, 0, f"the exported file is a good import: {out} {err}")
    expect(f"{sku_of(a)}" in out and "4 -> 10" in out, out)


@test
def products_csv_has_every_variant_with_its_product():
    a = make_variant(1, price="79.90")
    name = sql_value(f"SELECT name FROM product WHERE id = {a[0]}")
    sql(f"UPDATE product SET description = '=HYPERLINK(\"x\"), \"quoted\"' WHERE id = {a[0]}")
    status, out, err = ctl("export", "products")
    expect_equal(status, 0, err)
    rows = list(csv.reader(io.StringIO(out)))
    expect_equal(rows[0], ["sku", "product_id", "product", "color", "size", "price", "published", "description"], "header")
    mine = [r for r in rows if r[0] == sku_of(a)]
    expect_equal(mine[0][1:3], [a[0], name], "the product")
    expect_equal(mine[0][5:7], ["79.90", "1"], "price and published")
    expect_equal(mine[0][7], "'=HYPERLINK(\"x\"), \"quoted\"", "a formula is kept as text, quotes survive")


run()
