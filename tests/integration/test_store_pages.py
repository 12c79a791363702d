#!/usr/bin/env python3
"""The shop window through nginx from a real MariaDB: /, /store/, /product/{id}/."""
import html
import re

from harness import RECOUNT_HOLDS, after_availability_bound, attributes, ctl, expect, expect_equal, get, lapse_holds, request, run, sql, sql_value, store_listing, test


def brl(cents):
    whole = f"{cents // 100:,}".replace(",", ".")
    return f"R$ {whole},{cents % 100:02d}"


@test
def root_redirects_to_the_store():
    r = get("/")
    expect_equal(r.status, 302, "status of GET /")
    expect_equal(r.header("Location"), "/store/", "Location")


@test
def catalog_lists_every_active_product_with_price_image_and_link():
    r = get("/store/")
    expect_equal(r.status, 200, "status of GET /store/")
    expect("text/html" in r.header("Content-Type"), "an HTML page")
    listing = store_listing()
    for product_id, name, price, image in sql("SELECT id, name, price_cents, image_url FROM product WHERE active = 1"):
        card = re.search(rf'<li class="product-card" data-product-id="{product_id}">(.*?)</li>', listing, re.S)
        expect(card is not None, f"{name} is listed")
        expect(html.escape(name) in card.group(1), f"{name} is named")
        expect(f'href="/product/{product_id}/"' in card.group(1), f"{name} links to its page")
        expect(brl(int(price)) in card.group(1), f"{name} shows {brl(int(price))}")
        photo = sql_value(f"SELECT COUNT(*) FROM product_photo WHERE product_id = {product_id}")
        if photo == "0":
            expect(f'src="{image or "/static/img/demo/placeholder.svg"}"' in card.group(1), f"{name} shows its image")


@test
def a_product_added_by_the_operator_appears_in_the_catalog():
    status, out, err = ctl("product", "add", "--name", "Wool Scarf", "--price", "1234.5")
    expect_equal(status, 0, f"reservactl product add ({err})")
    product_id = out.strip()
    r = get("/store/")
    expect(f'href="/product/{product_id}/"' in r.text, "the new product is linked")
    expect("R$ 1.234,50" in r.text, "its price is in Brazilian form")


@test
def product_page_shows_colors_sizes_and_available_quantities():
    product_id = sql_value("SELECT id FROM product WHERE name = 'Basic Cotton T-Shirt'")
    r = get(f"/product/{product_id}/")
    expect_equal(r.status, 200, "status")
    expect("Basic Cotton T-Shirt" in r.text, "name shown")
    expect('<select id="color" name="color">' in r.text and '<label for="color">' in r.text, "a labelled color select")
    expect('<select id="size" name="size">' in r.text and '<label for="size">' in r.text, "a labelled size select")
    expect(f'action="/add_to_cart/{product_id}/"' in r.text, "an add-to-cart form")
    variants = sql(f"SELECT color_id, size, quantity FROM item_stock WHERE product_id = {product_id}")
    # 8 from the demo catalog; other tests may have added some on a stack an earlier run used.
    expect(len(variants) >= 8, "the demo T-shirt has its 8 variants")
    for color_id, size, quantity in variants:
        row = re.search(rf'<tr class="variant[^"]*" data-color="{color_id}" data-size="{size}" data-available="(\d+)"', r.text)
        expect(row is not None, f"variant {color_id}/{size} listed")
        expect_equal(row.group(1), quantity, f"available quantity of {color_id}/{size}")


@test
def stock_changes_show_within_the_availability_bound_and_sold_out_variants_are_marked():
    product_id = sql_value("SELECT id FROM product WHERE name = 'Piquet Polo'")
    color_id = sql_value("SELECT id FROM color WHERE name = 'Green'")
    status, _, err = ctl("stock", "set", "--product", product_id, "--color", color_id, "--size", "M", "--quantity", "0")
    expect_equal(status, 0, f"stock set ({err})")
    after_availability_bound()
    r = get(f"/product/{product_id}/")
    row = re.search(rf'<tr class="([^"]*)" data-color="{color_id}" data-size="M" data-available="(\d+)"', r.text)
    expect(row and "out-of-stock" in row.group(1) and row.group(2) == "0", "Green M is marked out of stock")
    ctl("stock", "set", "--product", product_id, "--color", color_id, "--size", "M", "--quantity", "7")
    after_availability_bound()
    r = get(f"/product/{product_id}/")
    expect(f'data-color="{color_id}" data-size="M" data-available="7"' in r.text, "Green M back to 7")


@test
def stock_held_by_a_live_payment_link_is_not_available():
    product_id = sql_value("SELECT id FROM product WHERE name = 'Canvas Cap'")
    stock_id, color_id = sql(
        f"SELECT id, color_id FROM item_stock WHERE product_id = {product_id} AND quantity > 1 LIMIT 1")[0]
    pattern = rf'data-color="{color_id}" data-size="U" data-available="(\d+)"'
    before = int(re.search(pattern, get(f"/product/{product_id}/").text).group(1))
    client = sql_value("INSERT INTO client (session_key) VALUES (REPLACE(UUID(), '-', '')) RETURNING id")
    order = sql_value(f"INSERT INTO shop_order (client_id) VALUES ({client}) RETURNING id")
    try:
        sql(f"INSERT INTO stock_hold VALUES ({order}, {stock_id}, 1, NOW(3) + INTERVAL 1 HOUR); {RECOUNT_HOLDS}")
        after_availability_bound()
        during = int(re.search(pattern, get(f"/product/{product_id}/").text).group(1))
        expect_equal(during, before - 1, "available while another order holds one unit")
        lapse_holds(f"order_id = {order}")
        after_availability_bound()
        after = int(re.search(pattern, get(f"/product/{product_id}/").text).group(1))
        expect_equal(after, before, "available once the hold has expired")
    finally:
        sql(f"DELETE FROM stock_hold WHERE order_id = {order}; {RECOUNT_HOLDS}")


@test
def size_required_error_is_shown():
    product_id = sql_value("SELECT MIN(id) FROM product")
    expect("Please choose a size" not in get(f"/product/{product_id}/").text, "no message by default")
    expect("Please choose a size" in get(f"/product/{product_id}/?error=size_required").text, "message shown")


@test
def unknown_or_malformed_product_ids_are_404():
    missing = int(sql_value("SELECT COALESCE(MAX(id), 0) + 1000 FROM product"))
    for path in [f"/product/{missing}/", "/product/abc/", "/product/0/", "/product/-1/", "/product/1.5/",
                 "/product/99999999999999999999999999/", "/product/%31/"]:
        r = get(path)
        expect_equal(r.status, 404, f"status of {path}")
        expect("could not find" in r.text, f"{path} answers with a page for people")


@test
def names_with_html_are_escaped():
    status, out, _ = ctl("product", "add", "--name", "<script>alert(1)</script> Tee", "--price", "10",
                         "--description", '"quoted" & <b>bold</b>')
    expect_equal(status, 0, "product add")
    r = get(f"/product/{out.strip()}/")
    expect("<script>alert(1)</script>" not in r.text, "no raw script tag")
    expect("&lt;script&gt;alert(1)&lt;/script&gt; Tee" in r.text, "the name shown escaped")
    expect("<b>bold</b>" not in r.text, "description escaped")
    expect("<script>" not in get("/store/").text, "catalog escapes too")


@test
def product_images_and_css_are_served_by_nginx():
    for path in ["/static/css/store.css", "/static/img/demo/tshirt.svg", "/static/img/demo/placeholder.svg"]:
        r = get(path)
        expect_equal(r.status, 200, f"status of {path}")
    expect("svg" in get("/static/img/demo/tshirt.svg").header("Content-Type"), "SVG content type")


@test
def head_requests_get_headers_only():
    r = request("HEAD", "/store/")
    expect_equal(r.status, 200, "status")
    expect_equal(r.body, b"", "no body")


@test
def answers_carry_their_length_and_are_not_chunked():
    for path in ("/store/", "/product/424242/", "/cart/"):
        r = request("GET", path)
        expect_equal(r.header("Content-Length"), str(len(r.body)), f"{path}: Content-Length is the body's")
        expect(r.header("Transfer-Encoding") in (None, ""), f"{path}: not chunked")
    r = request("HEAD", "/store/")
    expect_equal(r.header("Content-Length"), str(len(request("GET", "/store/").body)), "HEAD: the GET's length")
    for _ in range(50):  # the app closes each FastCGI connection itself: nothing is lost or reset
        r = request("GET", "/store/")
        expect_equal((r.status, r.header("Content-Length")), (200, str(len(r.body))), "whole answers, again and again")


@test
def every_request_is_logged_with_method_path_status_and_microseconds():
    get("/product/424242/")
    from harness import app_log
    expect(re.search(r"^GET /product/424242/ 404 \d+us$", app_log(), re.M), "a log line for the 404")


run()
