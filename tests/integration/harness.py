"""A small TAP harness for the integration tests. Each test file registers functions with
@test and calls run(); each function is one TAP line. The stack (MariaDB, reserva-fcgi, nginx)
is the one scripts/check started; its folder comes in RESERVA_STACK_DIR."""
import http.client
import os
import re
import subprocess
import sys
import traceback
import urllib.parse

SOURCE = os.environ.get("RESERVA_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
BUILD = os.environ.get("RESERVA_BUILD_DIR", SOURCE)
STACK = os.environ.get("RESERVA_STACK_DIR", "")
_tests = []

sys.path.insert(0, os.path.join(SOURCE, "bench"))
from shoppers import HOLD_COUNT_DRIFT, LEDGER_DRIFT, RECOUNT_HOLDS, lapse_holds_sql, set_on_hand_sql  # noqa: E402


def test(fn):
    _tests.append(fn)
    return fn


def run():
    if not STACK or not os.path.exists(os.path.join(STACK, "stack.env")):
        print("1..0 # SKIP no running stack: run scripts/check (it sets RESERVA_STACK_DIR)")
        return
    print(f"1..{len(_tests)}")
    for number, fn in enumerate(_tests, start=1):
        try:
            fn()
            # Every test also checks that the store kept its hold counts and its stock ledger exact.
            expect_hold_counts_exact()
            expect_ledger_exact()
            print(f"ok {number} - {fn.__name__}")
        except Exception:  # a failed assertion or anything else: the test failed, keep going
            print(f"not ok {number} - {fn.__name__}")
            for line in traceback.format_exc().splitlines():
                print(f"# {line}")
        sys.stdout.flush()


def stack_env():
    values = {}
    with open(os.path.join(STACK, "stack.env")) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            values[key] = value
    return values


HTTP_PORT = int(stack_env()["HTTP_PORT"]) if STACK and os.path.exists(os.path.join(STACK, "stack.env")) else 0


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def request(method, path, body=None, headers=None, timeout=30, source=None):
    """One HTTP request to nginx, redirects not followed; `source`: the client address to send
    from (any 127.x.y.z is this machine), for what the store counts per address."""
    conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=timeout,
                                      source_address=(source, 0) if source else None)
    try:
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            headers = dict(headers or {}, **{"Content-Type": "application/x-www-form-urlencoded"})
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


def wait_for(condition, seconds=20):
    """Polls condition() until it is true (True) or the time is up (False)."""
    import time
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def get(path, **kw):
    return request("GET", path, **kw)


def stack(*args):
    return subprocess.run([os.path.join(SOURCE, "scripts", "stack"), args[0], STACK, *args[1:]],
                          capture_output=True, text=True, timeout=120)


# store/catalog_cache.h: how old the availability a product page shows may be (seconds).
AVAILABILITY_MAX_AGE = 0.2


def after_availability_bound():
    """From now on, every product page shows each stock change made before this call."""
    import time
    time.sleep(AVAILABILITY_MAX_AGE + 0.01)


def store_listing():
    """Every page of /store/ (newest first, in pages), joined: the whole catalog as shoppers see it."""
    text, page = "", 1
    while True:
        r = get(f"/store/?page={page}")
        if r.status != 200:
            raise AssertionError(f"GET /store/?page={page}: {r.status}")
        text += r.text
        if f'href="/store/?page={page + 1}" rel="next"' not in r.text:
            return text
        page += 1


def ctl(*args):
    """reservactl against the stack's database: (exit status, stdout, stderr)."""
    r = subprocess.run([os.path.join(BUILD, "reservactl"), "--config", os.path.join(STACK, "reserva.conf"), *args],
                       capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, RESERVA_SQL_DIR=os.path.join(SOURCE, "sql"),
                                RESERVA_TEMPLATE_DIR=os.path.join(SOURCE, "templates")))
    return r.returncode, r.stdout, r.stderr


def expire_pass():
    """One reserva-expire pass against the stack, as the systemd timer runs it: the finished process."""
    return subprocess.run([os.path.join(BUILD, "reserva-expire"), "--config", os.path.join(STACK, "reserva.conf")],
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, RESERVA_TEMPLATE_DIR=os.path.join(SOURCE, "templates")))


def sql(query):
    """Runs SQL as the database's root over its socket; returns rows as lists of strings."""
    r = subprocess.run(["mariadb", "--no-defaults", "--socket", os.path.join(STACK, "db", "mysqld.sock"), "-uroot",
                        "-N", "-B", "reserva", "-e", query], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"sql failed: {r.stderr}")
    return [line.split("\t") for line in r.stdout.splitlines()]


def sql_value(query):
    rows = sql(query)
    return rows[0][0] if rows else None


def lapse_holds(where):
    """Makes the holds matching `where` lapse now, as if their hour had passed."""
    sql(lapse_holds_sql(where))


def expect_hold_counts_exact():
    drift = sql(HOLD_COUNT_DRIFT)
    if drift:
        sql(RECOUNT_HOLDS)  # so that only the test that broke them fails
    expect(not drift, f"item_stock.held / held_lapses_at disagree with stock_hold (id, held, lapses_at): {drift}")


def expect_ledger_exact():
    drift = sql(LEDGER_DRIFT)
    for stock_id, quantity, summed in drift:  # mended by a row of its own, so that only this test fails
        sql(f"INSERT INTO stock_ledger (item_stock_id, delta, on_hand_after, reason, note, who) VALUES"
            f" ({stock_id}, {int(quantity) - int(summed)}, {quantity}, 'adjust', 'test harness: drift mended', 'system')")
    expect(not drift, f"on-hand stock differs from the sum of its ledger (id, on hand, ledger sum): {drift}")


def set_on_hand(stock_id, quantity, note="test"):
    """Sets a variant's on-hand stock by SQL the way the store does (with its ledger row)."""
    sql(set_on_hand_sql(stock_id, quantity, note))


def app_log():
    with open(os.path.join(STACK, "fcgi.log"), errors="replace") as f:
        return f.read()


def app_pid():
    with open(os.path.join(STACK, "fcgi.pid")) as f:
        return int(f.read().strip())


def attributes(html, element_class, attribute):
    """The values of `attribute` on elements whose class list has element_class."""
    values = []
    for tag in re.findall(r"<[a-z]+\b[^>]*>", html):
        classes = re.search(r'class="([^"]*)"', tag)
        if classes and element_class in classes.group(1).split():
            found = re.search(attribute + r'="([^"]*)"', tag)
            if found:
                values.append(found.group(1))
    return values


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_equal(actual, wanted, what):
    if actual != wanted:
        raise AssertionError(f"{what}: got {actual!r}, wanted {wanted!r}")


def raw_head(data, timeout=30):
    """Sends bytes as they are (for requests http.client refuses to build); returns the answer's
    status line and headers as bytes (b"" when the server closed without one)."""
    import socket
    with socket.create_connection(("127.0.0.1", HTTP_PORT), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered before it read everything: the answer is still there
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n\r\n", 1)[0]


def raw_request(data, timeout=30):
    """Sends bytes as they are; returns the status (0 when the server answered none)."""
    parts = raw_head(data, timeout).split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


CSRF_FIELD = re.compile(r'name="csrf_token" value="([0-9a-f]{32,64})"')


class Shopper:
    """A browser in miniature: keeps cookies, sends the CSRF token with every form like the
    store's own pages do, and reads the cart's data-* marks. The token is the one the last page
    carried; it is bound to the session (the login cookie, else the browser id in the csrf
    cookie), so when those cookies change the shopper reads a page again, as a person would."""

    _next_source = [0]

    def __init__(self, source=None):
        self.cookies = {}
        self.token = None  # (token, the cookies it was drawn for)
        # The client address it connects from; by default each shopper its own, as real
        # shoppers' differ (nginx limits POST /register/ to a few a minute per address).
        Shopper._next_source[0] = Shopper._next_source[0] % 250 + 1
        self.source = source or f"127.8.0.{Shopper._next_source[0]}"  # a range no test names

    def _binding(self):
        return self.cookies.get("login"), self.cookies.get("csrf")

    def csrf_token(self):
        if not self.token or self.token[1] != self._binding():
            self.get("/login/")  # a page that always has a form
        return self.token[0]

    def _cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _remember(self, response):
        for key, value in response.headers:
            if key.lower() != "set-cookie":
                continue
            pair = value.split(";", 1)[0]
            name, _, cookie_value = pair.partition("=")
            if "Max-Age=0" in value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = cookie_value
        found = CSRF_FIELD.search(response.text)
        if found:
            self.token = (found.group(1), self._binding())
        return response

    def get(self, path):
        return self._remember(request("GET", path, headers={"Cookie": self._cookie_header()}, source=self.source))

    def post(self, path, form=None, with_token=True, headers=None):
        form = dict(form or {})
        if with_token:
            form.setdefault("csrf_token", self.csrf_token())
        return self._remember(request("POST", path, body=form, headers=dict(headers or {}, Cookie=self._cookie_header()),
                                      source=self.source))

    def add(self, product, color, size):
        return self.post(f"/add_to_cart/{product}/", {"color": color, "size": size})

    def remove(self, product, color, size):
        return self.post(f"/remove_from_cart/{product}/", {"color": color, "size": size})

    def cart(self):
        """(response, {(product, color, size): quantity}, total cents or None)."""
        r = self.get("/cart/")
        return r, cart_lines(r.text), cart_total(r.text)


def cart_lines(page):
    lines = {}
    for tag in re.findall(r'<li class="cart-line"[^>]*>', page):
        attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))
        lines[(attrs["product"], attrs["color"], attrs["size"])] = int(attrs["quantity"])
    return lines


def cart_total(page):
    found = re.search(r'data-order-total="(\d+)"', page)
    return int(found.group(1)) if found else None


def make_variant(quantity, price="50.00", size="M"):
    """A fresh product with one color and one size, so a test owns its stock: (product, color, size)."""
    import uuid
    tag = uuid.uuid4().hex[:8]
    status, product, err = ctl("product", "add", "--name", f"Test Tee {tag}", "--price", price)
    if status != 0:
        raise RuntimeError(err)
    status, color, err = ctl("color", "add", "--name", f"Color {tag}")
    if status != 0:
        raise RuntimeError(err)
    status, _, err = ctl("stock", "set", "--product", product.strip(), "--color", color.strip(), "--size", size,
                         "--quantity", str(quantity))
    if status != 0:
        raise RuntimeError(err)
    return product.strip(), color.strip(), size


SANDBOX_PORT = HTTP_PORT + 1 if HTTP_PORT else 0
ADDRESS = {"street": "Rua Augusta", "number": "1500", "complement": "apto 42", "neighborhood": "Consolação",
           "city": "São Paulo", "state": "SP", "zip": "01304-001", "email": "ana@example.com"}


def sandbox(path, payload=None):
    """Calls the payment sandbox's test controls; returns the decoded JSON answer."""
    import json
    conn = http.client.HTTPConnection("127.0.0.1", SANDBOX_PORT, timeout=60)
    try:
        if payload is None:
            conn.request("GET", path)
        else:
            conn.request("POST", path, body=json.dumps(payload), headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        body = r.read()
        return r.status, (json.loads(body) if body else None)
    finally:
        conn.close()


def sandbox_state():
    return sandbox("/__sandbox/state")[1]


def preference_of(init_point):
    return urllib.parse.parse_qs(urllib.parse.urlparse(init_point).query)["pref_id"][0]


def local_path(url):
    """The path and query of a URL on the store (redirects carry the full base URL)."""
    parts = urllib.parse.urlparse(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def stock_of(variant):
    """On-hand units of a (product, color, size) as reservactl reports them."""
    return int(ctl("stock", "get", "--product", variant[0], "--color", variant[1], "--size", variant[2])[1])


def confirm(shopper, **changes):
    """POST /checkout/ with a good address; returns the response (303 to the gateway when all is well)."""
    return shopper.post("/checkout/", dict(ADDRESS, **changes))


def confirmed_order(stock, units):
    """A fresh variant with `stock` units and a shopper who confirmed an order for `units` of it:
    (variant, shopper, preference id of the payment link, order id)."""
    variant = make_variant(stock)
    shopper = Shopper()
    for _ in range(units):
        shopper.add(*variant)
    preference = preference_of(confirm(shopper).header("Location"))
    order = sql_value(f"SELECT order_id FROM payment WHERE preference_id = '{preference}'")
    return variant, shopper, preference, order


def webhook_secret():
    """The stack's [payments] webhook_secret, as the gateway signs with it."""
    with open(os.path.join(STACK, "reserva.conf")) as f:
        return re.search(r"^webhook_secret\s*=\s*(\S+)", f.read(), re.M).group(1)


def signed_webhook(data_id):
    """POST /payments/webhook for a payment, signed as Mercado Pago signs it (SPEC section 6)."""
    import hashlib
    import hmac
    import time
    import uuid
    ts, request_id = int(time.time()), str(uuid.uuid4())
    manifest = f"id:{data_id};request-id:{request_id};ts:{ts};"
    v1 = hmac.new(webhook_secret().encode(), manifest.encode(), hashlib.sha256).hexdigest()
    return request("POST", f"/payments/webhook?data.id={data_id}&type=payment",
                   body=f'{{"type":"payment","data":{{"id":"{data_id}"}}}}',
                   headers={"Content-Type": "application/json", "x-request-id": request_id,
                            "x-signature": f"ts={ts},v1={v1}"})


def pay(preference_id, status="approved"):
    """Pays a link at the sandbox as its checkout page would: (payment id, return URL path)."""
    code, answer = sandbox("/__sandbox/pay", {"preference_id": preference_id, "status": status})
    if code != 200:
        raise AssertionError(f"sandbox pay answered {code}: {answer}")
    return str(answer["payment_id"]), local_path(answer["redirect_url"])


def messages_to(address):
    """The messages the stack's SMTP sink received for address (its web page on HTTP_PORT + 3)."""
    import json
    import urllib.request
    with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT + 3}/messages?to={address}", timeout=10) as r:
        return json.loads(r.read())


def stock_id_of(variant):
    """The item_stock id of a (product, color, size)."""
    return sql_value(f"SELECT id FROM item_stock WHERE product_id = {variant[0]} AND color_id = {variant[1]}"
                     f" AND size = '{variant[2]}'")


def sku_of(variant):
    return sql_value(f"SELECT sku FROM item_stock WHERE id = {stock_id_of(variant)}")
