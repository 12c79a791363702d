#!/usr/bin/env python3
"""The catalog copy each reserva-fcgi keeps (store/catalog_cache.h): a change committed with the
catalog version's bump shows on the very next page of every process; the store page lists
newest first, 24 a page."""
import re
import threading
import time

from harness import Shopper, ctl, expect, expect_equal, get, run, sql, sql_value, test
from second_app import Client, SecondApp

BUMP = "UPDATE catalog_version SET version = version + 1 WHERE id = 1"


def brl(cents):
    return f"R$ {cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


def new_product(name, price="50"):
    status, out, err = ctl("product", "add", "--name", name, "--price", price)
    expect_equal(status, 0, f"product add ({err})")
    return int(out.strip())


def card_ids(page_text):
    return [int(i) for i in re.findall(r'<li class="product-card" data-product-id="(\d+)"', page_text)]


@test
def a_price_change_shows_on_the_very_next_page_of_every_process():
    product = new_product("Copy Test Linen Shirt", "80")
    color = sql_value("SELECT MIN(id) FROM color")
    ctl("stock", "set", "--product", str(product), "--color", color, "--size", "M", "--quantity", "5")
    shopper = Shopper()
    shopper.get(f"/product/{product}/")
    expect_equal(shopper.add(product, color, "M").status, 303, "added to the cart")
    other = SecondApp("catalog-copy")
    try:
        visitor = Client(other, "127.0.0.9")
        expect(brl(8000) in visitor.get(f"/product/{product}/").text, "the second process shows the old price")
        for cents in (8150, 8275, 8300):
            # The change and the bump in one transaction, as every catalog write does it.
            sql(f"START TRANSACTION; UPDATE product SET price_cents = {cents} WHERE id = {product}; {BUMP}; COMMIT")
            expect(brl(cents) in get(f"/product/{product}/").text, f"product page at once: {brl(cents)}")
            expect(brl(cents) in get("/store/").text, f"store page at once: {brl(cents)}")
            expect(brl(cents) in shopper.get("/cart/").text, f"cart at once: {brl(cents)}")
            expect(f'data-price="{cents}"' in visitor.get("/store/").text, f"second process at once: {brl(cents)}")
        sql(f"START TRANSACTION; UPDATE product SET active = 0 WHERE id = {product}; {BUMP}; COMMIT")
        expect_equal(get(f"/product/{product}/").status, 404, "hidden: its page is gone at once")
        expect_equal(visitor.get(f"/product/{product}/").status, 404, "in the second process too")
        cart = shopper.get("/cart/").text
        expect("Copy Test Linen Shirt" not in cart or "removed" in cart.lower(), "the cart no longer offers it")
    finally:
        other.stop()
        sql(f"UPDATE product SET active = 0 WHERE id = {product}; {BUMP}")


@test
def racing_pages_never_show_a_price_older_than_their_request():
    """Eight visitors without cookies (whose pages share the catalog version's reads) load a
    product page while its price changes 20 times: every page asked for after a change committed
    shows that price or a later one."""
    product = new_product("Copy Test Racing Price", "90")
    stop, seen, errors = threading.Event(), [], []

    def visitor():
        while not stop.is_set():
            asked = time.monotonic()
            r = get(f"/product/{product}/")
            if r.status != 200:
                errors.append(r.status)
                continue
            seen.append((asked, int(re.search(r'data-price="(\d+)"', r.text).group(1))))

    readers = [threading.Thread(target=visitor) for _ in range(8)]
    for t in readers:
        t.start()
    committed = []
    try:
        for cents in range(9001, 9021):
            sql(f"START TRANSACTION; UPDATE product SET price_cents = {cents} WHERE id = {product}; {BUMP}; COMMIT")
            committed.append((time.monotonic(), cents))
            time.sleep(0.03)
    finally:
        stop.set()
        for t in readers:
            t.join()
    expect_equal(errors, [], "every page answered 200")
    expect(len(seen) > 100, f"the visitors really raced: {len(seen)} pages")
    stale = [(asked, price) for asked, price in seen
             if price < max((cents for at, cents in committed if at < asked), default=9000)]
    expect_equal(stale, [], "no page older than its request")
    expect(len({price for _, price in seen}) > 5, "the pages followed the changes")
    sql(f"UPDATE product SET active = 0 WHERE id = {product}; {BUMP}")


@test
def a_hand_edit_without_the_version_bump_waits_for_the_next_bump():
    # What the README tells operators: pages read the copy, and the copy follows the version.
    product = new_product("Copy Test Hand Edit", "60")
    expect(brl(6000) in get(f"/product/{product}/").text, "the price as added")
    sql(f"UPDATE product SET price_cents = 6100 WHERE id = {product}")
    expect(brl(6000) in get(f"/product/{product}/").text, "not seen without a bump: pages read the copy")
    sql(BUMP)
    expect(brl(6100) in get(f"/product/{product}/").text, "seen on the first page after the bump")
    sql(f"UPDATE product SET active = 0 WHERE id = {product}; {BUMP}")


@test
def the_store_page_lists_newest_first_24_a_page():
    made = [new_product(f"Copy Test Paged {n:02d}") for n in range(30)]
    published = [int(i) for (i,) in sql("SELECT id FROM product WHERE active = 1 ORDER BY id DESC")]
    first = get("/store/")
    expect_equal(first.status, 200, "page 1")
    expect_equal(card_ids(first.text), published[:24], "page 1: the 24 newest, newest first")
    expect_equal(card_ids(first.text)[0], made[-1], "the product added last comes first")
    expect('href="/store/?page=2" rel="next"' in first.text, "page 1 links to page 2")
    expect('rel="prev"' not in first.text, "page 1 has no newer page")
    expect_equal(card_ids(get("/store/?page=1").text), published[:24], "?page=1 is the first page")
    pages = (len(published) + 23) // 24
    seen = []
    for n in range(1, pages + 1):
        page = get(f"/store/?page={n}")
        expect_equal(page.status, 200, f"page {n}")
        expect(f'data-page="{n}" data-pages="{pages}"' in page.text, f"page {n} of {pages}")
        seen += card_ids(page.text)
        if n > 1:
            expect(f'href="/store/?page={n - 1}" rel="prev"' in page.text, f"page {n} links back")
    expect_equal(seen, published, "every published product once, in order, over the pages")
    expect_equal(get(f"/store/?page={pages + 1}").status, 404, "past the last page: 404")
    for bad in ("0", "-1", "abc", "1.5", "99999999999"):
        expect_equal(get(f"/store/?page={bad}").status, 400, f"?page={bad}: 400")
    ids = ",".join(str(i) for i in made)
    sql(f"UPDATE product SET active = 0 WHERE id IN ({ids}); {BUMP}")
    expect(not set(card_ids(get("/store/").text)) & set(made), "hidden products leave the store page at once")


run()
