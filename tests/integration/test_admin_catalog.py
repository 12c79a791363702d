#!/usr/bin/env python3
"""The back office's catalog and stock pages (SPEC section 8, issue 16): products, photos,
variants, the stock grid with adjustments and counts (409 when stale), the ledger, the CSV
exports and the stock import, each change with its audit row."""
import os
import re
import uuid

from harness import (STACK, confirmed_order, expect, expect_equal, get, make_variant, pay, request, run, sku_of, sql,
                     sql_value, stock_id_of, stock_of, test)
from images import bomb_png, png
from staff_client import signed_in


def multipart(staff, path, fields, files):
    """A multipart/form-data POST as a browser sends a form with a file input."""
    boundary = "----reserva" + uuid.uuid4().hex
    body = b""
    for name, value in dict(fields, csrf_token=staff.token).items():
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").encode()
    for name, (filename, data, kind) in files.items():
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                 f"Content-Type: {kind}\r\n\r\n").encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return staff._remember(request("POST", path, body=body, headers={
        "Cookie": staff._cookie_header(), "Content-Type": f"multipart/form-data; boundary={boundary}"}))


def audit_count(action, subject):
    return int(sql_value(f"SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND subject = '{subject}'"))


def media_files():
    folder = os.path.join(STACK, "media")
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def new_product(staff, **form):
    staff.get("/admin/products/new")
    r = staff.post("/admin/products/new", dict({"name": f"Admin Tee {uuid.uuid4().hex[:6]}", "price": "149,90",
                                                "description": "Made here", "published": "1"}, **form))
    expect_equal(r.status, 303, f"create: {r.text[:300]}")
    found = re.fullmatch(r".*/admin/products/(\d+)/", r.header("Location"))
    expect(found, f"303 to the product's page: {r.header('Location')}")
    return found.group(1)


def cell(page, variant_id):
    tag = re.search(rf'<div class="stock-cell[^"]*" data-variant-id="{variant_id}"[^>]*>', page)
    expect(tag, f"a grid cell for variant {variant_id}")
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag.group(0)))


@test
def staff_create_and_edit_a_product_and_hiding_it_is_404_on_the_shop():
    staff, email = signed_in("staff")
    product = new_product(staff)
    expect_equal(audit_count("product.create", f"product {product}"), 1, "one audit row")
    expect_equal(sql_value(f"SELECT price_cents FROM product WHERE id = {product}"), "14990", "price in BRL form")
    expect_equal(get(f"/product/{product}/").status, 200, "published: on the shop")
    listing = staff.get("/admin/products/").text
    expect(re.search(rf'data-product-id="{product}" data-published="1"', listing), "listed as published")
    page = staff.get(f"/admin/products/{product}/")
    r = staff.post(f"/admin/products/{product}/", {"name": "Renamed Tee", "price": "1.234,50", "description": "x"})
    expect_equal(r.status, 303, "saved")
    expect_equal(get(f"/product/{product}/").status, 404, "unchecked published: hidden, 404 on the shop")
    expect(re.search(rf'data-product-id="{product}" data-published="0"', staff.get("/admin/products/").text),
           "hidden products are still listed in the back office")
    expect_equal(sql_value(f"SELECT price_cents FROM product WHERE id = {product}"), "123450", "R$ 1.234,50")
    expect_equal(audit_count("product.edit", f"product {product}"), 1, "the edit's audit row")
    r = staff.post(f"/admin/products/{product}/", {"name": "", "price": "abc"})
    expect_equal(r.status, 400, "a bad form is 400")
    expect_equal(sql_value(f"SELECT name FROM product WHERE id = {product}"), "Renamed Tee", "unchanged")
    expect_equal(staff.get("/admin/products/999999999/").status, 404, "unknown product")
    expect(page.status == 200 and 'enctype="multipart/form-data"' in page.text, "the page has the photo upload form")


@test
def variants_get_skus_and_a_taken_sku_is_400():
    staff, _ = signed_in("staff")
    product = new_product(staff)
    staff.get(f"/admin/products/{product}/")
    color = f"Teal {uuid.uuid4().hex[:6]}"
    r = staff.post(f"/admin/products/{product}/variants", {"new_color": color, "size": "M", "sku": ""})
    expect_equal(r.status, 303, f"added: {r.text[:300]}")
    sku = sql_value(f"SELECT sku FROM item_stock WHERE product_id = {product}")
    expect(sku.startswith(f"P{product}-T") and sku.endswith("-M"), f"a default SKU: {sku}")
    color_id = sql_value(f"SELECT id FROM color WHERE name = '{color}'")
    r = staff.post(f"/admin/products/{product}/variants", {"color": color_id, "size": "G", "sku": sku})
    expect_equal(r.status, 400, "a taken SKU")
    expect("taken" in r.text, "says so")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM item_stock WHERE product_id = {product}"), "1", "nothing added")
    r = staff.post(f"/admin/products/{product}/variants", {"color": color_id, "size": "G", "sku": f"OWN-{product}-G"})
    expect_equal(r.status, 303, "a free SKU")
    page = staff.get(f"/admin/products/{product}/").text
    expect(f'data-sku="OWN-{product}-G"' in page, "listed on the product page")


@test
def photos_are_uploaded_ordered_and_deleted_and_bad_files_store_nothing():
    staff, _ = signed_in("staff")
    product = new_product(staff)
    staff.get(f"/admin/products/{product}/")
    for width in (700, 500):
        r = multipart(staff, f"/admin/products/{product}/photos", {}, {"photo": ("shirt.png", png(width, width), "image/png")})
        expect_equal(r.status, 303, f"uploaded: {r.text[:300]}")
        staff.get(f"/admin/products/{product}/")
    ids = [row[0] for row in sql(f"SELECT id FROM product_photo WHERE product_id = {product} ORDER BY position")]
    expect_equal(len(ids), 2, "two photos")
    expect_equal(audit_count("photo.add", f"product {product}"), 2, "two audit rows")
    shop = get(f"/product/{product}/").text
    expect_equal(len(re.findall(r'class="product-photo"', shop)), 2, "both on the shop's product page")
    before = media_files()
    for what, data, status in [("not an image", b"hello, this is text", 400),
                               ("a truncated PNG", png(400, 400)[:300], 400),
                               ("a decompression bomb", bomb_png(50000, 50000), 413)]:
        r = multipart(staff, f"/admin/products/{product}/photos", {}, {"photo": ("x.png", data, "image/png")})
        expect_equal(r.status, status, what)
        staff.get(f"/admin/products/{product}/")
    big = multipart(staff, f"/admin/products/{product}/photos", {},
                    {"photo": ("big.jpg", b"\xff\xd8" + os.urandom(11 * 1024 * 1024), "image/jpeg")})
    expect_equal(big.status, 413, "over 10 MiB")
    staff.get(f"/admin/products/{product}/")
    expect_equal(media_files(), before, "nothing stored by the refused uploads")
    expect_equal(len(sql(f"SELECT id FROM product_photo WHERE product_id = {product}")), 2, "no rows either")
    r = staff.post(f"/admin/products/{product}/photos/order", {"photos": f"{ids[1]},{ids[0]}"})
    expect_equal(r.status, 303, "reordered")
    expect_equal([row[0] for row in sql(f"SELECT id FROM product_photo WHERE product_id = {product} ORDER BY position")],
                 [ids[1], ids[0]], "the new order")
    staff.get(f"/admin/products/{product}/")
    r = staff.post(f"/admin/products/{product}/photos/{ids[0]}/delete")
    expect_equal(r.status, 303, "deleted")
    expect_equal([row[0] for row in sql(f"SELECT id FROM product_photo WHERE product_id = {product}")], [ids[1]], "one left")


@test
def the_stock_grid_adjusts_and_counts_with_a_version():
    staff, email = signed_in("staff")
    variant = make_variant(5)
    vid = stock_id_of(variant)
    grid = staff.get(f"/admin/stock/?q={sku_of(variant)}")
    expect_equal(grid.status, 200, "the grid")
    c = cell(grid.text, vid)
    expect_equal((c["sku"], c["on-hand"], c["held"], c["product"], c["color"], c["size"]),
                 (sku_of(variant), "5", "0", variant[0], variant[1], variant[2]), "the cell's marks")
    version = c["version"]
    r = staff.post(f"/admin/stock/{vid}/adjust", {"delta": "12", "reason": "received 12"})
    expect_equal(r.status, 200, "adjusted")
    expect_equal(stock_of(variant), 17, "5 + 12")
    expect_equal(sql(f"SELECT delta, reason, who, note FROM stock_ledger WHERE item_stock_id = {vid} ORDER BY id DESC LIMIT 1"),
                 [["12", "adjust", email, "received 12"]], "the ledger says who and why")
    expect_equal(audit_count("stock.adjust", f"variant {vid}"), 1, "and the audit log")
    r = staff.post(f"/admin/stock/{vid}/adjust", {"delta": "-18", "reason": "damaged"})
    expect_equal(r.status, 400, "below 0")
    expect_equal(stock_of(variant), 17, "unchanged")
    r = staff.post(f"/admin/stock/{vid}/count", {"quantity": "3", "version": version, "reason": "count"})
    expect_equal(r.status, 409, "the count's form was drawn before the adjustment")
    expect("17 on hand now" in r.text, "shows what changed")
    expect_equal(stock_of(variant), 17, "a stale count changes nothing")
    fresh = cell(staff.get(f"/admin/stock/?q={sku_of(variant)}").text, vid)["version"]
    r = staff.post(f"/admin/stock/{vid}/count", {"quantity": "3", "version": fresh, "reason": "count"})
    expect_equal(r.status, 200, "a fresh count")
    expect_equal(stock_of(variant), 3, "on hand := 3")
    ledger = staff.get(f"/admin/stock/{vid}/ledger").text
    rows = re.findall(r'<tr class="ledger-row" data-delta="(-?\d+)" data-after="(\d+)" data-reason="(\w+)" data-who="([^"]*)"',
                      ledger)
    expect_equal(rows[:2], [("-14", "3", "count", email), ("12", "17", "adjust", email)], "newest first")
    expect(f'data-variant-id="{vid}"' in staff.get("/admin/stock/?low=1").text, "3 is low (default threshold 3)")


@test
def the_stores_ledger_lists_every_change_and_filters_by_reason_who_and_product():
    staff, email = signed_in("staff")
    sold, shopper, preference, order = confirmed_order(4, 1)
    shopper.get(pay(preference)[1])
    adjusted = make_variant(2)
    r = staff.post(f"/admin/stock/{stock_id_of(adjusted)}/adjust", {"delta": "5", "reason": "received 5"})
    expect_equal(r.status, 200, "adjusted")

    def rows(query):
        page = staff.get("/admin/stock/ledger" + query)
        expect_equal(page.status, 200, f"the ledger page {query}")
        return re.findall(r'<tr class="ledger-row" data-variant-id="(\d+)" data-delta="(-?\d+)" data-after="(\d+)"'
                          r' data-reason="(\w+)" data-who="([^"]*)"', page.text)

    newest = rows("")
    expect_equal(newest[0], (str(stock_id_of(adjusted)), "5", "7", "adjust", email), "newest first: the adjustment")
    expect((str(stock_id_of(sold)), "-1", "3", "sale", "system") in newest, "and the sale")
    expect(all(r[3] == "sale" for r in rows("?reason=sale")), "only sales")
    mine = rows("?who=" + email.replace("@", "%40"))
    expect_equal([r[3] for r in mine], ["adjust"], "only what this staff member did")
    expect_equal({r[0] for r in rows(f"?q={sku_of(sold)}")}, {str(stock_id_of(sold))}, "one variant by its SKU")
    expect_equal(rows("?reason=nonsense")[:1], newest[:1], "an unknown reason filters nothing")
    expect_equal(request("GET", "/admin/stock/ledger").status, 302, "staff only: anonymous is sent to sign in")


@test
def lowering_stock_below_what_is_held_asks_first():
    staff, _ = signed_in("staff")
    variant, _, _, _ = confirmed_order(3, 2)
    vid = stock_id_of(variant)
    c = cell(staff.get(f"/admin/stock/?q={sku_of(variant)}").text, vid)
    r = staff.post(f"/admin/stock/{vid}/count", {"quantity": "1", "version": c["version"], "reason": "count"})
    expect_equal(r.status, 200, "a confirmation page")
    expect("2 units are held by 1 order" in r.text, f"says what is held: {r.text[:2000]}")
    expect_equal(stock_of(variant), 3, "nothing changed yet")
    r = staff.post(f"/admin/stock/{vid}/count", {"quantity": "1", "version": c["version"], "reason": "count", "confirm": "1"})
    expect_equal(r.status, 200, "confirmed")
    expect_equal(stock_of(variant), 1, "changed")


@test
def exports_are_csv_keyed_by_sku():
    staff, _ = signed_in("staff")
    variant = make_variant(4)
    r = staff.get("/admin/export/stock.csv")
    expect_equal(r.status, 200, "stock.csv")
    expect(r.header("Content-Type").startswith("text/csv"), r.header("Content-Type"))
    lines = r.text.split("\r\n")
    expect_equal(lines[0], "sku,product,color,size,on_hand,held", "the header")
    expect(any(line.startswith(sku_of(variant) + ",") and line.endswith(",4,0") for line in lines), "the variant's row")
    r = staff.get("/admin/export/products.csv")
    expect(r.status == 200 and r.text.startswith("sku,product_id,product,color,size,price,published"), "products.csv")


@test
def the_import_is_for_owners_previews_and_applies_all_or_nothing():
    a, b = make_variant(5), make_variant(5)
    good = f"sku;quantity\r\n{sku_of(a)};9\r\n{sku_of(b)};2\r\n".encode()
    staff, _ = signed_in("staff")
    r = multipart(staff, "/admin/import/stock", {"dry_run": "1"}, {"file": ("stock.csv", good, "text/csv")})
    expect_equal(r.status, 403, "staff may not import")
    owner, email = signed_in("owner")
    owner.get("/admin/stock/")
    r = multipart(owner, "/admin/import/stock", {"dry_run": "1"}, {"file": ("stock.csv", good, "text/csv")})
    expect_equal(r.status, 200, "the preview")
    expect(f'data-line="2" data-sku="{sku_of(a)}" data-before="5" data-after="9"' in r.text, "lists each change")
    expect_equal((stock_of(a), stock_of(b)), (5, 5), "a preview changes nothing")
    bad = good + b"NO-SUCH-SKU;3\r\n"
    owner.get("/admin/stock/")
    r = multipart(owner, "/admin/import/stock", {}, {"file": ("stock.csv", bad, "text/csv")})
    expect_equal(r.status, 400, "a bad line")
    expect('<tr class="import-bad" data-line="4">' in r.text, "names line 4")
    expect_equal((stock_of(a), stock_of(b)), (5, 5), "nothing applied")
    owner.get("/admin/stock/")
    r = multipart(owner, "/admin/import/stock", {}, {"file": ("stock.csv", good, "text/csv")})
    expect_equal(r.status, 303, "applied")
    expect_equal((stock_of(a), stock_of(b)), (9, 2), "both")
    expect_equal(sql(f"SELECT reason, who FROM stock_ledger WHERE item_stock_id = {stock_id_of(a)} ORDER BY id DESC LIMIT 1"),
                 [["import", email]], "an import row by the owner")


run()
