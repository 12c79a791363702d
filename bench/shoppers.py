#!/usr/bin/env python3
"""Shoppers for bench/run (stdlib only): they talk HTTP to the stack's nginx like a browser does
(the csrf_token field a page carries, its cookies) and never touch src/ or tests/.

  shoppers.py carts STACK N COOKIES_OUT CART_PAGE_OUT   N shoppers with 3-line carts; one Cookie
                                                       header per line, and one cart page's bytes
  shoppers.py queries STACK N COOKIES PRODUCT           SQL statements per page (MariaDB counters)
  shoppers.py busy STACK N                              a product whose first variant has N live holds
  shoppers.py purchase STACK SHOPPERS UNITS [PARALLEL]  the hot-variant race, two ways (see below)

Every line meant for bench/run starts with RESULT and is key=value pairs."""
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ADDRESS = {"street": "Rua Augusta", "number": "1500", "complement": "apto 42", "neighborhood": "Consolação",
           "city": "São Paulo", "state": "SP", "zip": "01304-001", "email": "bench@example.com"}


def stack_env(stack):
    values = {}
    with open(os.path.join(stack, "stack.env")) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            values[key] = value
    return values


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def request(port, method, path, body=None, headers=None, source=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                      source_address=(source, 0) if source else None)
    try:
        headers = dict(headers or {})
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


class Shopper:
    """Keeps cookies; sends the CSRF token with every form. `source` is the loopback address it
    connects from: nginx limits POST /checkout/ per client address, and real shoppers differ."""

    def __init__(self, port, source=None):
        self.port, self.source, self.cookies = port, source, {}
        self.token = None  # (the last page's csrf_token, the cookies it is bound to)

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in sorted(self.cookies.items()))

    def _remember(self, r):
        for key, value in r.headers:
            if key.lower() == "set-cookie":
                name, _, cookie_value = value.split(";", 1)[0].partition("=")
                if "Max-Age=0" in value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        found = re.search(rb'name="csrf_token" value="([0-9a-f]{32,64})"', r.body)
        if found:
            self.token = (found.group(1).decode(), (self.cookies.get("login"), self.cookies.get("csrf")))
        return r

    def get(self, path):
        return self._remember(request(self.port, "GET", path, headers={"Cookie": self.cookie_header()},
                                      source=self.source))

    def post(self, path, form):
        if not self.token or self.token[1] != (self.cookies.get("login"), self.cookies.get("csrf")):
            self.get("/login/")  # a page that always has a form
        form = dict(form, csrf_token=self.token[0])
        return self._remember(request(self.port, "POST", path, body=form, headers={"Cookie": self.cookie_header()},
                                      source=self.source))

    def add(self, product, color, size):
        r = self.post(f"/add_to_cart/{product}/", {"color": color, "size": size})
        if r.status != 303 or r.header("Location") != "/cart/":
            raise RuntimeError(f"add_to_cart {product}/{color}/{size}: {r.status} {r.header('Location')}")
        return r


def in_stock_variants(port, product):
    page = request(port, "GET", f"/product/{product}/").body.decode()
    return [(product, c, s) for c, s, a in re.findall(
        r'data-color="(\d+)" data-size="([^"]+)" data-available="(\d+)"', page) if int(a) > 0]


def three_lines(port):
    """One in-stock variant from each of three products of the store page."""
    store = request(port, "GET", "/store/").body.decode()
    products = sorted(set(re.findall(r'href="/product/(\d+)/"', store)), key=int)  # the oldest first
    chosen = []
    for p in products:
        variants = in_stock_variants(port, p)
        if variants:
            chosen.append(variants[0])
        if len(chosen) == 3:
            return chosen
    raise RuntimeError("the catalog has fewer than 3 products in stock")


def carts(stack, n, cookies_out, page_out):
    port = int(stack_env(stack)["HTTP_PORT"])
    lines = three_lines(port)
    shoppers = [Shopper(port) for _ in range(n)]

    def fill(s):
        for v in lines:
            s.add(*v)

    run_all(fill, shoppers, 16)
    with open(cookies_out, "w") as f:
        for s in shoppers:
            f.write(s.cookie_header() + "\n")
    page = shoppers[0].get("/cart/")
    found = len(re.findall(r'<li class="cart-line"', page.body.decode()))
    if page.status != 200 or found != 3:
        raise RuntimeError(f"cart page: {page.status}, {found} lines")
    with open(page_out, "wb") as f:
        f.write(page.body)
    checkout = shoppers[0].get("/checkout/")
    if checkout.status != 200:
        raise RuntimeError(f"GET /checkout/ answered {checkout.status}")
    print(f"RESULT shoppers={n} lines={found} cart_bytes={len(page.body)} checkout_bytes={len(checkout.body)}"
          f" product={lines[0][0]}")


def busy(stack, n):
    """A product whose first variant N other shoppers are paying for: N live holds (written here,
    standing in for N confirmed orders), twice as many units. Its page must read as fast as any."""
    port = int(stack_env(stack)["HTTP_PORT"])
    store = request(port, "GET", "/store/").body.decode()
    # The newest product (the store page lists newest first): not the one the plain product page measures.
    product = max(int(i) for i in re.findall(r'href="/product/(\d+)/"', store))
    color, size = in_stock_variants(port, product)[0][1:]
    stock_id = mariadb(stack, f"SELECT id FROM item_stock WHERE product_id = {product} AND color_id = {color}"
                              f" AND size = '{size}'", "reserva")[0][0]
    mariadb(stack, f"""{set_on_hand_sql(stock_id, 2 * n, 'bench: a busy product')}
        INSERT INTO client (session_key) SELECT CONCAT('benchbusy', seq) FROM seq_1_to_{n};
        INSERT INTO shop_order (client_id) SELECT id FROM client WHERE session_key LIKE 'benchbusy%';
        INSERT INTO stock_hold (order_id, item_stock_id, quantity, expires_at)
          SELECT o.id, {stock_id}, 1, NOW(3) + INTERVAL 1 HOUR
            FROM shop_order o JOIN client c ON c.id = o.client_id WHERE c.session_key LIKE 'benchbusy%';
        {RECOUNT_HOLDS}""", "reserva")
    time.sleep(0.21)  # a product page may show availability up to 200 ms old (store/catalog_cache.h)
    page = request(port, "GET", f"/product/{product}/").body.decode()
    if f'data-color="{color}" data-size="{size}" data-available="{n}"' not in page:
        raise RuntimeError(f"the busy product's page does not show {n} of {2 * n} available")
    print(f"RESULT product={product} holds={n}")


def run_all(fn, items, parallel):
    """fn(item) for every item on `parallel` threads; the first exception is raised."""
    items, errors, lock = list(items), [], threading.Lock()

    def worker():
        while True:
            with lock:
                if not items or errors:
                    return
                item = items.pop()
            try:
                fn(item)
            except Exception as e:  # reported once all threads stopped
                with lock:
                    errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


# --- queries per page -----------------------------------------------------------------------

# What the store keeps on each stock row about its holds (sql/004_held_count.sql), worked out from
# the holds themselves. Whoever writes stock_hold rows by hand (a bench or test making holds lapse
# before their hour is up, or standing in for another shopper's hold) runs it afterwards, as the
# store's own writes do in the same transaction (src/store/holds.cc).
RECOUNT_HOLDS = ("UPDATE item_stock s"
                 " SET s.held = (SELECT COALESCE(SUM(h.quantity), 0) FROM stock_hold h WHERE h.item_stock_id = s.id),"
                 " s.held_lapses_at = (SELECT MIN(h.expires_at) FROM stock_hold h WHERE h.item_stock_id = s.id)")

# The stock rows whose counts disagree with their holds (none, when the store kept them exact).
HOLD_COUNT_DRIFT = ("SELECT s.id, s.held, s.held_lapses_at FROM item_stock s"
                    " WHERE s.held <> (SELECT COALESCE(SUM(h.quantity), 0) FROM stock_hold h WHERE h.item_stock_id = s.id)"
                    " OR NOT s.held_lapses_at <=> (SELECT MIN(h.expires_at) FROM stock_hold h WHERE h.item_stock_id = s.id)")


# The variants whose on-hand quantity is not the sum of their ledger's deltas (sql/005: none, when
# every change of stock went through the store's one function, src/store/stock_ledger.cc).
LEDGER_DRIFT = ("SELECT s.id, s.quantity, COALESCE(SUM(l.delta), 0) FROM item_stock s"
                " LEFT JOIN stock_ledger l ON l.item_stock_id = s.id"
                " GROUP BY s.id, s.quantity HAVING s.quantity <> COALESCE(SUM(l.delta), 0)")


def set_on_hand_sql(stock_id, quantity, note):
    """SQL that counts a variant's on-hand stock as the store does: the change and its ledger row in
    one transaction, under the row lock (for a bench or test that sets stock without reservactl)."""
    return (f"START TRANSACTION; SELECT quantity FROM item_stock WHERE id = {stock_id} FOR UPDATE;"
            f" INSERT INTO stock_ledger (item_stock_id, delta, on_hand_after, reason, note, who)"
            f"  SELECT id, {quantity} - quantity, {quantity}, 'count', '{note}', 'cli' FROM item_stock WHERE id = {stock_id};"
            f" UPDATE item_stock SET quantity = {quantity}, stock_version = stock_version + 1 WHERE id = {stock_id}; COMMIT;")


def lapse_holds_sql(where):
    """SQL that makes the holds matching `where` lapse now, as if their hour had passed."""
    return f"UPDATE stock_hold SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE {where}; {RECOUNT_HOLDS}"


def mariadb(stack, query, database=""):
    r = subprocess.run(["mariadb", "--no-defaults", "--socket", os.path.join(stack, "db", "mysqld.sock"), "-uroot",
                        "-N", "-B", *([database] if database else []), "-e", query],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"mariadb: {r.stderr.strip()}")
    return [line.split("\t") for line in r.stdout.splitlines()]


COUNTERS = ("Questions", "Com_stmt_execute", "Com_stmt_prepare")


def counters(stack):
    rows = mariadb(stack, "SHOW GLOBAL STATUS WHERE Variable_name IN ('" + "','".join(COUNTERS) + "')")
    return {name: int(value) for name, value in rows}


def queries(stack, n, cookies_file, product):
    """Counts what the database was asked during N sequential requests of each page. The
    counters are global, so the store's background work (the mail sender's pass every 2 s) is
    measured over an idle stretch first and subtracted; the SHOW itself counts 1 Question."""
    port = int(stack_env(stack)["HTTP_PORT"])
    with open(cookies_file) as f:
        cookie = f.readline().strip()
    before = counters(stack)
    started = time.monotonic()
    time.sleep(2.0)
    after = counters(stack)
    idle = {k: (after[k] - before[k] - (1 if k == "Questions" else 0)) / (time.monotonic() - started)
            for k in COUNTERS}
    pages = [("/store/", None), (f"/product/{product}/", None), ("/cart/", cookie), ("/checkout/", cookie)]
    for path, cookie_header in pages:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": cookie_header} if cookie_header else {}
        conn.request("GET", path, headers=headers)  # warm: connections and statements exist
        conn.getresponse().read()
        before = counters(stack)
        started = time.monotonic()
        for _ in range(n):
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                raise RuntimeError(f"GET {path}: {r.status}")
        elapsed = time.monotonic() - started
        after = counters(stack)
        conn.close()
        per = {k: max(0.0, (after[k] - before[k] - (1 if k == "Questions" else 0) - idle[k] * elapsed) / n)
               for k in COUNTERS}
        print(f"RESULT path={path} questions={per['Questions']:.2f} executes={per['Com_stmt_execute']:.2f}"
              f" prepares={per['Com_stmt_prepare']:.2f}")


# --- the hot variant -------------------------------------------------------------------------

def ctl(stack, *args):
    for attempt in range(10):  # a `make` running meanwhile can leave reservactl unreadable for a moment
        try:
            return _ctl(stack, *args)
        except OSError:
            if attempt == 9:
                raise
            time.sleep(1)


def _ctl(stack, *args):
    r = subprocess.run([os.path.join(TOP, "reservactl"), "--config", os.path.join(stack, "reserva.conf"), *args],
                       capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, RESERVA_SQL_DIR=os.path.join(TOP, "sql")))
    if r.returncode != 0:
        raise RuntimeError(f"reservactl {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout.strip()


def make_variant(stack, quantity, tag):
    product = ctl(stack, "product", "add", "--name", f"Bench Tee {tag}", "--price", "59.90")
    color = ctl(stack, "color", "add", "--name", f"Bench {tag}")
    ctl(stack, "stock", "set", "--product", product, "--color", color, "--size", "M", "--quantity", str(quantity))
    return product, color, "M"


def stock_of(stack, variant):
    return int(ctl(stack, "stock", "get", "--product", variant[0], "--color", variant[1], "--size", variant[2]))


def sandbox_pay(port, preference_id):
    body = json.dumps({"preference_id": preference_id, "status": "approved"})
    r = request(port, "POST", "/__sandbox/pay", body=body, headers={"Content-Type": "application/json"})
    if r.status != 200:
        raise RuntimeError(f"sandbox pay: {r.status} {r.body[:200]!r}")
    answer = json.loads(r.body)
    url = urllib.parse.urlparse(answer["redirect_url"])
    return url.path + ("?" + url.query if url.query else "")


def pref_of(location):
    return urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["pref_id"][0]


def loopback(i):
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def race(fn, count, parallel):
    """fn(i) for i in range(count) on `parallel` threads released at once (each takes the next
    shopper when it is done with one); returns the wall time. Every payment also brings the
    sandbox's webhook through nginx, so one shopper in flight costs nginx four connections."""
    gate = threading.Barrier(parallel + 1)
    pending, lock = list(range(count - 1, -1, -1)), threading.Lock()

    def body():
        gate.wait()
        while True:
            with lock:
                if not pending:
                    return
                i = pending.pop()
            fn(i)

    threads = [threading.Thread(target=body) for _ in range(parallel)]
    for t in threads:
        t.start()
    gate.wait()
    started = time.monotonic()
    for t in threads:
        t.join()
    return time.monotonic() - started


def finished_orders(stack, product):
    return int(mariadb(stack, "SELECT COUNT(*) FROM shop_order o WHERE o.end_date IS NOT NULL AND EXISTS ("
                       " SELECT 1 FROM ordered_item i JOIN item_stock s ON s.id = i.item_stock_id"
                       f" WHERE i.order_id = o.id AND s.product_id = {product})", "reserva")[0][0])


def refunds(stack, product):
    return int(mariadb(stack, "SELECT COUNT(*) FROM refund r JOIN payment p ON p.id = r.payment_id"
                       " WHERE EXISTS (SELECT 1 FROM ordered_item i JOIN item_stock s ON s.id = i.item_stock_id"
                       f" WHERE i.order_id = p.order_id AND s.product_id = {product})", "reserva")[0][0])


def purchase(stack, shoppers, units, parallel):
    """Two races for one hot variant, each with SHOPPERS shoppers (one unit in each cart) and
    UNITS units on hand, every shopper from its own loopback address:
      full   - confirm -> approve at the sandbox -> finalize, all at once. Checkout's stock holds
               let only UNITS shoppers reach the gateway; the others are sent back to the cart.
      lapsed - every shopper already holds a payment link (confirmed while stock was plenty),
               then stock drops to UNITS and the holds lapse: all approve and finalize at once,
               so finalize alone must refuse (and refund) the ones beyond UNITS."""
    env = stack_env(stack)
    port, sandbox_port = int(env["HTTP_PORT"]), int(env["HTTP_PORT"]) + 1
    tag = str(int(time.time()))

    # full path
    variant = make_variant(stack, units, "full" + tag)
    people = [Shopper(port, loopback(i)) for i in range(shoppers)]
    run_all(lambda s: s.add(*variant), people, 16)
    outcome = [None] * shoppers

    def journey(i):
        stage = "confirm"
        try:
            r = people[i].post("/checkout/", ADDRESS)
            where = r.header("Location") or ""
            if r.status != 303 or "pref_id=" not in where:
                outcome[i] = ("declined", r.status)
                return
            stage = "approve"
            path = sandbox_pay(sandbox_port, pref_of(where))
            stage = "finalize"
            r = people[i].get(path)
            ok = r.status == 303 and (r.header("Location") or "").startswith("/order_approved/")
            outcome[i] = ("returned" if ok else "failed", r.status)
        except Exception as e:  # counted as an error below
            outcome[i] = ("error", f"{stage}: {e!r}"[:160])

    before = counters(stack)
    wall = race(journey, shoppers, parallel)
    statements = counters(stack)["Questions"] - before["Questions"] - 1
    report("full", stack, variant, shoppers, units, parallel, outcome, wall, statements)

    # lapsed holds
    variant = make_variant(stack, shoppers, "lapsed" + tag)
    people = [Shopper(port, loopback(i)) for i in range(shoppers)]
    run_all(lambda s: s.add(*variant), people, 16)
    links = [None] * shoppers

    def confirm(i):
        r = people[i].post("/checkout/", ADDRESS)
        if r.status != 303 or "pref_id=" not in (r.header("Location") or ""):
            raise RuntimeError(f"confirm answered {r.status} {r.header('Location')}")
        links[i] = pref_of(r.header("Location"))

    run_all(confirm, list(range(shoppers)), 16)
    ctl(stack, "stock", "set", "--product", variant[0], "--color", variant[1], "--size", variant[2],
        "--quantity", str(units))
    mariadb(stack, lapse_holds_sql(f"item_stock_id = (SELECT id FROM item_stock WHERE product_id = {variant[0]})"),
            "reserva")
    outcome = [None] * shoppers

    def pay_and_finalize(i):
        stage = "approve"
        try:
            path = sandbox_pay(sandbox_port, links[i])
            stage = "finalize"
            r = people[i].get(path)
            ok = r.status == 303 and (r.header("Location") or "").startswith("/order_approved/")
            outcome[i] = ("returned" if ok else "failed", r.status)
        except Exception as e:  # counted as an error below
            outcome[i] = ("error", f"{stage}: {e!r}"[:160])

    before = counters(stack)
    wall = race(pay_and_finalize, shoppers, parallel)
    statements = counters(stack)["Questions"] - before["Questions"] - 1
    report("lapsed", stack, variant, shoppers, units, parallel, outcome, wall, statements)


def report(name, stack, variant, shoppers, units, parallel, outcome, wall, statements):
    """A shopper whose payment could not be honoured is refunded and still lands on the order
    page, so the database says who bought: finished orders and refunds of this product.
    `statements` (MariaDB Questions during the race) includes the webhooks the sandbox sends and
    whatever the store's background e-mail sender did meanwhile."""
    kinds = [o[0] for o in outcome]
    errors = [o[1] for o in outcome if o[0] == "error"]
    server_errors = sum(1 for o in outcome if isinstance(o[1], int) and o[1] >= 500) + len(errors)
    left = stock_of(stack, variant)
    finished = finished_orders(stack, variant[0])
    refunded = refunds(stack, variant[0])
    expected_refunds = shoppers - units if name == "lapsed" else 0
    ok = (left == 0 and finished == units and refunded == expected_refunds and server_errors == 0
          and kinds.count("returned") == (shoppers if name == "lapsed" else units))
    print(f"RESULT race={name} shoppers={shoppers} units={units} parallel={parallel} seconds={wall:.2f} finished_orders={finished}"
          f" refunds={refunded} declined_at_confirm={kinds.count('declined')} failed={kinds.count('failed')}"
          f" errors_5xx={server_errors} stock_left={left} payments_per_s={finished / wall:.1f}"
          f" journeys_per_s={shoppers / wall:.1f} questions_per_shopper={statements / shoppers:.1f}"
          f" oversell_check={'ok' if ok else 'FAILED'}")
    for e in errors[:3]:
        print(f"# {name}: {e}")


def large_catalog(stack, products):
    """A store of PRODUCTS more products with 12 variants each (2 colors x 6 sizes, none in stock, so
    the ledger stays exact), written with the catalog version's bump as every catalog write is."""
    colors = [row[0] for row in mariadb(stack, "SELECT id FROM color ORDER BY id LIMIT 2", "reserva")]
    sizes = ["PP", "P", "M", "G", "GG", "XG"]
    variants = " UNION ALL ".join(f"SELECT {c} AS color_id, '{z}' AS size" for c in colors for z in sizes)
    mariadb(stack, f"""START TRANSACTION;
        INSERT INTO product (name, price_cents, description, image_url, active)
          SELECT CONCAT('Bench Product ', seq), 1000 + seq, 'A product of the large-catalog bench.', '', 1
            FROM seq_1_to_{products};
        INSERT INTO item_stock (product_id, color_id, size, quantity)
          SELECT p.id, v.color_id, v.size, 0 FROM product p JOIN ({variants}) v WHERE p.name LIKE 'Bench Product %';
        UPDATE catalog_version SET version = version + 1 WHERE id = 1;
        COMMIT;""", "reserva")
    newest = mariadb(stack, "SELECT MAX(id), COUNT(*) FROM product WHERE active = 1", "reserva")[0]
    count = mariadb(stack, "SELECT COUNT(*) FROM item_stock", "reserva")[0][0]
    print(f"RESULT product={newest[0]} products={newest[1]} variants={count}")


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "carts":
        carts(argv[2], int(argv[3]), argv[4], argv[5])
    elif command == "queries":
        queries(argv[2], int(argv[3]), argv[4], argv[5])
    elif command == "large":
        large_catalog(argv[2], int(argv[3]))
    elif command == "busy":
        busy(argv[2], int(argv[3]))
    elif command == "purchase":
        purchase(argv[2], int(argv[3]), int(argv[4]), int(argv[5]) if len(argv) > 5 else 64)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
