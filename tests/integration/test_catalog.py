#!/usr/bin/env python3
"""The catalog the owner edits (issue 16): products published or hidden, variants and their SKUs,
photos checked, resized and stripped by libvips and served by nginx from [media] dir."""
import os
import re
import struct
import uuid

from harness import (STACK, Shopper, confirm, ctl, expect, expect_equal, get, make_variant, messages_to, pay,
                     preference_of, run, sql, sql_value, stack, test, wait_for)
from images import bomb_png, png

MEDIA = os.path.join(STACK, "media")


def ok(*args):
    status, out, err = ctl(*args)
    expect_equal(status, 0, f"reservactl {' '.join(args)}: {err}")
    return out.strip()


def refused(*args):
    status, out, err = ctl(*args)
    expect_equal(status, 2, f"reservactl {' '.join(args)} is refused (stdout {out!r})")
    return err


def new_product(**fields):
    tag = uuid.uuid4().hex[:8]
    product = ok("product", "add", "--name", fields.get("name", f"Catalog Tee {tag}"), "--price", "59.90")
    color = ok("color", "add", "--name", f"Black {tag}")
    return product, color


def catalog_version():
    return int(sql_value("SELECT version FROM catalog_version WHERE id = 1"))


def media_files():
    return set(os.listdir(MEDIA)) if os.path.isdir(MEDIA) else set()


GPS_LATITUDE = (23, 33, 1234)  # a shop's back room in Sao Paulo: 23 deg 33' 12.34" S


def exif_segment():
    """A JPEG APP1 segment with EXIF: camera make, model and a GPS position (little-endian TIFF)."""
    make, model = b"SpyCam\0", b"Model X\0"
    entries0 = 3  # Make, Model, GPS IFD pointer
    ifd0_size = 2 + entries0 * 12 + 4
    data_at = 8 + ifd0_size
    make_at, model_at = data_at, data_at + len(make)
    gps_at = model_at + len(model)
    gps_entries = 2  # GPSLatitudeRef, GPSLatitude
    gps_size = 2 + gps_entries * 12 + 4
    rationals_at = gps_at + gps_size
    tiff = b"II*\0" + struct.pack("<I", 8)
    tiff += struct.pack("<H", entries0)
    tiff += struct.pack("<HHII", 0x010F, 2, len(make), make_at)
    tiff += struct.pack("<HHII", 0x0110, 2, len(model), model_at)
    tiff += struct.pack("<HHII", 0x8825, 4, 1, gps_at)
    tiff += struct.pack("<I", 0)
    tiff += make + model
    tiff += struct.pack("<H", gps_entries)
    tiff += struct.pack("<HHI", 0x0001, 2, 2) + b"S\0\0\0"
    tiff += struct.pack("<HHII", 0x0002, 5, 3, rationals_at)
    tiff += struct.pack("<I", 0)
    d, m, s = GPS_LATITUDE
    tiff += struct.pack("<IIIIII", d, 1, m, 1, s, 100)
    body = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def with_exif(jpeg):
    expect(jpeg[:2] == b"\xff\xd8", "a JPEG starts with SOI")
    return jpeg[:2] + exif_segment() + jpeg[2:]


def add_photo(product, data, name="photo.bin"):
    path = os.path.join(STACK, f"upload-{uuid.uuid4().hex[:8]}-{name}")
    with open(path, "wb") as f:
        f.write(data)
    try:
        return ctl("photo", "add", "--product", product, "--file", path)
    finally:
        os.unlink(path)


def photo_rows(product):
    return sql(f"SELECT id, position, name, width, height FROM product_photo WHERE product_id = {product} ORDER BY position")


# --- products -------------------------------------------------------------------------------

@test
def a_hidden_product_is_404_on_the_shop_and_gone_from_the_store_page():
    variant = make_variant(4)
    product = variant[0]
    expect_equal(get(f"/product/{product}/").status, 200, "published: its page")
    expect(f'data-product-id="{product}"' in get("/store/").text, "published: on the store page")
    before = catalog_version()
    ok("product", "edit", "--product", product, "--published", "no")
    expect(catalog_version() > before, "hiding it bumps the catalog version")
    expect_equal(get(f"/product/{product}/").status, 404, "hidden: its page")
    expect(f'data-product-id="{product}"' not in get("/store/").text, "hidden: not on the store page")
    shopper = Shopper()
    expect_equal(shopper.add(*variant).status, 404, "hidden: add_to_cart")
    ok("product", "edit", "--product", product, "--published", "yes")
    expect_equal(get(f"/product/{product}/").status, 200, "published again")


@test
def a_hidden_product_stays_in_a_past_order_and_its_email():
    stack("smtp-stop")
    try:
        variant = make_variant(3, price="88.00")
        product = variant[0]
        name = sql_value(f"SELECT name FROM product WHERE id = {product}")
        email = f"hidden-{uuid.uuid4().hex[:8]}@example.com"
        shopper = Shopper()
        shopper.add(*variant)
        payment_id, path = pay(preference_of(confirm(shopper, email=email).header("Location")))
        shopper.get(path)
        order = sql_value(f"SELECT order_id FROM payment WHERE gateway_payment_id = '{payment_id}'")
        # Hidden (and renamed) while its purchase e-mail still waits for the mail server.
        ok("product", "edit", "--product", product, "--published", "no", "--price", "99.00")
    finally:
        r = stack("smtp-start")
        expect_equal(r.returncode, 0, f"smtp-start: {r.stderr}")
    page = shopper.get(f"/order_approved/{order}/")
    expect_equal(page.status, 200, "the order's page")
    expect(name in page.text, "the order's page names the hidden product")
    expect("88,00" in page.text, "at the price it was paid")
    ctl("expire")
    expect(wait_for(lambda: len(messages_to(email)) >= 1, 60), "the purchase e-mail arrives")
    mail = messages_to(email)[0]
    expect(name in mail["text"] and "R$ 88,00" in mail["text"], f"the e-mail has the product as bought: {mail['text']}")


@test
def product_edit_changes_what_the_shop_shows_and_refuses_bad_values():
    product, _ = new_product()
    ok("product", "edit", "--product", product, "--name", "Linen Shirt Renamed", "--price", "149.90",
       "--description", "Cool linen")
    page = get(f"/product/{product}/").text
    expect("Linen Shirt Renamed" in page and "R$ 149,90" in page and "Cool linen" in page, "the edit shows")
    refused("product", "edit", "--product", product, "--price", "abc")
    refused("product", "edit", "--product", product, "--published", "maybe")
    refused("product", "edit", "--product", "999999999", "--name", "Nobody")
    expect_equal(sql_value(f"SELECT price_cents FROM product WHERE id = {product}"), "14990", "unchanged by the refusals")


# --- variants and SKUs ----------------------------------------------------------------------

@test
def a_new_variant_gets_a_default_sku_and_a_taken_sku_is_refused():
    product, _ = new_product()
    ctl("color", "add", "--name", "Black")  # refused when another test made it already
    color = sql_value("SELECT id FROM color WHERE name = 'Black'")
    before = catalog_version()
    variant = ok("variant", "add", "--product", product, "--color", color, "--size", "M")
    expect_equal(sql_value(f"SELECT sku FROM item_stock WHERE id = {variant}"), f"P{product}-BLK-M", "the default SKU")
    expect_equal(sql_value(f"SELECT quantity FROM item_stock WHERE id = {variant}"), "0", "at stock 0")
    expect(catalog_version() > before, "a new variant bumps the catalog version")
    sku = f"TEE-{uuid.uuid4().hex[:6]}"
    other = ok("variant", "add", "--product", product, "--color", color, "--size", "G", "--sku", sku)
    expect_equal(sql_value(f"SELECT sku FROM item_stock WHERE id = {other}"), sku, "the SKU given")
    err = refused("variant", "add", "--product", product, "--color", color, "--size", "GG", "--sku", sku)
    expect("taken" in err, f"says the SKU is taken: {err}")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM item_stock WHERE product_id = {product}"), "2", "no variant added")
    err = refused("variant", "sku", "--variant", variant, "--sku", sku)
    expect("taken" in err, f"renaming to a taken SKU: {err}")
    expect_equal(sql_value(f"SELECT sku FROM item_stock WHERE id = {variant}"), f"P{product}-BLK-M", "kept")
    refused("variant", "sku", "--variant", variant, "--sku", "has space")
    refused("variant", "add", "--product", product, "--color", color, "--size", "M")  # exists already
    ok("variant", "sku", "--variant", variant, "--sku", sku + "-M")
    expect_equal(sql_value(f"SELECT sku FROM item_stock WHERE id = {variant}"), sku + "-M", "renamed")


@test
def stock_set_gives_a_new_variant_its_sku_too():
    variant = make_variant(2, size="GG")
    sku = sql_value(f"SELECT sku FROM item_stock WHERE product_id = {variant[0]}")
    expect(re.fullmatch(rf"P{variant[0]}-[A-Z0-9]+-GG", sku or ""), f"a default SKU: {sku}")
    expect_equal(sql_value("SELECT COUNT(*) FROM item_stock WHERE sku IS NULL"), "0", "every variant has a SKU")


# --- photos ---------------------------------------------------------------------------------

@test
def a_photo_is_resized_stored_and_shown_with_srcset():
    product, color = new_product()
    ok("variant", "add", "--product", product, "--color", color, "--size", "M")
    before_files, before_version = media_files(), catalog_version()
    status, out, err = add_photo(product, png(1000, 750), "shirt.png")
    expect_equal(status, 0, f"photo add: {err}")
    rows = photo_rows(product)
    expect_equal(len(rows), 1, "one photo row")
    name, width, height = rows[0][2], int(rows[0][3]), int(rows[0][4])
    expect(re.fullmatch(r"[0-9a-f]{32}", name), f"a random name: {name}")
    expect_equal((width, height), (1000, 750), "kept at its own size (under 1200)")
    new_files = media_files() - before_files
    expect_equal(new_files, {f"{name}-400.jpg", f"{name}-800.jpg", f"{name}-1000.jpg"}, "one JPEG per width")
    expect(catalog_version() > before_version, "a photo bumps the catalog version")
    page = get(f"/product/{product}/").text
    expect(f'srcset="/media/{name}-400.jpg 400w, /media/{name}-800.jpg 800w, /media/{name}-1000.jpg 1000w"' in page,
           "the product page has the srcset")
    served = get(f"/media/{name}-800.jpg")
    expect_equal(served.status, 200, "nginx serves the file")
    expect_equal(served.header("Content-Type"), "image/jpeg", "as a JPEG")
    expect(served.body[:2] == b"\xff\xd8", "a JPEG it is")
    card = re.search(rf'<li class="product-card" data-product-id="{product}">.*?</li>', get("/store/").text, re.S)
    expect(card and f"/media/{name}-400.jpg" in card.group(0) and "srcset=" in card.group(0), "the store card shows it")
    expect_equal(get("/media/../reserva.conf").status in (400, 404), True, "no way out of the media folder")


@test
def a_photo_loses_its_exif_and_gps():
    product, _ = new_product()
    expect_equal(add_photo(product, png(640, 480), "base.png")[0], 0, "a first photo")
    name = photo_rows(product)[0][2]
    with open(os.path.join(MEDIA, f"{name}-400.jpg"), "rb") as f:
        camera_jpeg = with_exif(f.read())
    expect(b"Exif\0\0" in camera_jpeg and b"SpyCam" in camera_jpeg, "the upload carries EXIF with a camera and GPS")
    status, out, err = add_photo(product, camera_jpeg, "camera.jpg")
    expect_equal(status, 0, f"photo add: {err}")
    second = photo_rows(product)[1][2]
    for f in sorted(media_files()):
        if f.startswith(second):
            with open(os.path.join(MEDIA, f), "rb") as fh:
                data = fh.read()
            expect(b"Exif" not in data and b"SpyCam" not in data and b"Model X" not in data, f"{f}: no EXIF left")
            expect(struct.pack("<IIIIII", 23, 1, 33, 1, 1234, 100) not in data, f"{f}: no GPS position left")


@test
def a_corrupt_oversized_or_foreign_file_is_refused_and_nothing_is_stored():
    product, _ = new_product()
    good = png(500, 500)
    cases = {
        "random bytes": os.urandom(5000),
        "a truncated PNG": good[: len(good) // 2],
        "an SVG": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
        "a GIF": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        "a decompression bomb": bomb_png(60000, 60000),
        "a 50-megapixel header": bomb_png(10000, 5000),
        "over 10 MiB": good + b"\0" * (10 * 1024 * 1024),
        "empty": b"",
    }
    before_files, before_version = media_files(), catalog_version()
    for what, data in cases.items():
        status, out, err = add_photo(product, data)
        expect_equal(status, 2, f"{what} is refused (stderr {err!r})")
        expect(err.strip() != "", f"{what}: a message")
    expect("pixels" in add_photo(product, bomb_png(60000, 60000))[2], "the bomb is refused for its pixels")
    expect("10 MiB" in add_photo(product, cases["over 10 MiB"])[2], "the big file for its size")
    expect_equal(media_files(), before_files, "nothing written under the media folder")
    expect_equal(photo_rows(product), [], "no photo rows")
    expect_equal(catalog_version(), before_version, "the catalog did not change")
    expect_equal(add_photo("999999999", good)[0], 2, "an unknown product is refused")
    expect_equal(media_files(), before_files, "still nothing written")


@test
def photos_are_reordered_and_deleted_with_their_files():
    product, _ = new_product()
    ids = []
    for w in (600, 700, 800):
        status, out, err = add_photo(product, png(w, w, alpha=(w == 700)))
        expect_equal(status, 0, f"photo add: {err}")
        ids.append(out.strip())
    rows = photo_rows(product)
    expect_equal([r[0] for r in rows], ids, "in upload order")
    first_name = rows[0][2]
    expect_equal(sql_value(f"SELECT image_url FROM product WHERE id = {product}"), f"/media/{first_name}-400.jpg",
                 "the product's picture (carts, orders) is the first photo")
    ok("photo", "order", "--product", product, "--photos", ",".join([ids[2], ids[0], ids[1]]))
    rows = photo_rows(product)
    expect_equal([r[0] for r in rows], [ids[2], ids[0], ids[1]], "the new order")
    page = get(f"/product/{product}/").text
    shown = re.findall(r'class="product-photo" src="/media/([0-9a-f]{32})-400.jpg"', page)
    expect_equal(shown, [r[2] for r in rows], "the product page shows them all in that order")
    expect_equal(sql_value(f"SELECT image_url FROM product WHERE id = {product}"), f"/media/{rows[0][2]}-400.jpg",
                 "the picture follows the new first")
    refused("photo", "order", "--product", product, "--photos", ",".join(ids[:2]))
    gone = rows[0][2]
    ok("photo", "delete", "--product", product, "--photo", ids[2])
    expect(not any(f.startswith(gone) for f in media_files()), "its files are gone")
    expect_equal([r[0] for r in photo_rows(product)], [ids[0], ids[1]], "the others move up")
    expect_equal([r[1] for r in photo_rows(product)], ["0", "1"], "positions without a gap")
    refused("photo", "delete", "--product", product, "--photo", ids[2])


@test
def the_demo_catalog_ships_with_its_photos():
    expect_equal(sql_value("SELECT COUNT(*) FROM product p WHERE p.name = 'Basic Cotton T-Shirt'"
                           " AND EXISTS (SELECT 1 FROM product_photo ph WHERE ph.product_id = p.id)"), "1",
                 "the T-shirt has its photo")
    status, _, err = ctl("demo")
    expect_equal(status, 0, err)
    expect("0 photos added" in err, f"a second run adds none: {err}")


run()
