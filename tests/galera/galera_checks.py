"""What the Galera tests (tests/galera/test_cluster.py, test_partition.py) share, stdlib only: their
TAP runner, which starts the cluster first and stops it last; the cluster's script; SQL as root on
one node; a variant of the test's own and its ledger on every node; shoppers who buy without pause
while something happens to a node; the payments the sandbox approved.

A test calls use() first, with the script that runs its cluster (scripts/cluster or
scripts/netns-cluster: both keep the nodes in DIR/db/nodeN and the app hosts in DIR/hostN), the word
that names its products, and `up`'s ports (nginx on HTTP, the payment sandbox on HTTP + 1); then
registers its checks with @test and calls main(). The tests put tests/galera on sys.path for it, as it
does bench/ for bench/shoppers.py."""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import traceback

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(TOP, "bench"))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
from harness import expect, expect_equal  # noqa: E402,F401  (the integration tests' own)
from shoppers import ADDRESS, HOLD_COUNT_DRIFT, LEDGER_DRIFT, pref_of, request, run_all, sandbox_pay  # noqa: E402

HOSTS = NODES = (1, 2, 3)
SCRIPT = None  # scripts/cluster or scripts/netns-cluster
HTTP = None    # nginx; the payment sandbox on HTTP + 1
LABEL = None   # "Galera": products "Galera Tee TAG", colors "Galera TAG"
DIR = None     # the cluster's folder
PORTS = ()     # `up`'s HTTP_PORT SQL_BASE FCGI_BASE
_tests = []


def use(script, label, http, sql_base, fcgi_base):
    """The test's cluster script (a name in scripts/), its products' word and `up`'s ports; makes DIR."""
    global SCRIPT, LABEL, HTTP, PORTS, DIR
    SCRIPT, LABEL, HTTP, PORTS = os.path.join(TOP, "scripts", script), label, http, (http, sql_base, fcgi_base)
    DIR = tempfile.mkdtemp(prefix=f"reserva-{label.lower()}.")


def test(fn):
    _tests.append(fn)
    return fn


def cluster(*args, timeout=300):
    """scripts/cluster (or netns-cluster) COMMAND DIR ARGS...: its stdout; raises with its stderr."""
    r = subprocess.run([SCRIPT, args[0], DIR, *map(str, args[1:])], capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"scripts/{os.path.basename(SCRIPT)} {' '.join(map(str, args))}: {r.stderr.strip()[-2000:]}")
    return r.stdout.strip()


def ctl(*args):
    return cluster("ctl", 1, *args)


def on_node(node, query, database="reserva"):
    """Rows of a query run as root on one node (its unix socket: no network, so it works from the
    root namespace and while the node is cut off)."""
    r = subprocess.run(["mariadb", "--no-defaults", "--socket", os.path.join(DIR, "db", f"node{node}", "mysqld.sock"),
                        "-uroot", "-N", "-B", database, "-e", query], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"node {node}: {r.stderr.strip()}")
    return [line.split("\t") for line in r.stdout.splitlines()]


def value_on_every_node(query):
    """{node: first value}: the same query on the three nodes."""
    return {node: on_node(node, query)[0][0] for node in NODES}


def make_variant(quantity, tag):
    """A product of the test's own with one color and size M: ((product, color, "M"), item_stock id)."""
    product = ctl("product", "add", "--name", f"{LABEL} Tee {tag}", "--price", "79.90")
    color = ctl("color", "add", "--name", f"{LABEL} {tag}")
    ctl("stock", "set", "--product", product, "--color", color, "--size", "M", "--quantity", str(quantity))
    stock_id = on_node(1, f"SELECT id FROM item_stock WHERE product_id = {product}")[0][0]
    return (product, color, "M"), stock_id


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


def host_log(host):
    return read(os.path.join(DIR, f"host{host}", "fcgi.log"))


def node_log(node):
    return read(os.path.join(DIR, "db", f"node{node}", "mysqld.log"))


def print_host_logs(lines):
    """The last lines of every host's log, requests answered 1xx to 4xx left out."""
    for host in HOSTS:
        for line in [x for x in host_log(host).splitlines() if not re.search(r" [1-4]\d\d \d+us$", x)][-lines:]:
            print(f"# host{host}: {line}")


def wait_for(condition, seconds, step=0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def payment_link(r, what):
    """The preference id of the payment link a checkout redirected to; `what` names the checkout."""
    expect(r.status == 303 and "pref_id=" in (r.header("Location") or ""), f"{what}: {r.status}")
    return pref_of(r.header("Location"))


def returned_to_order(r):
    return r.status == 303 and (r.header("Location") or "").startswith("/order_approved/")


def expect_every_host_serves_the_store():
    for _ in range(30):
        expect_equal(request(HTTP, "GET", "/store/").status, 200, "GET /store/")
    for host in HOSTS:
        expect("GET /store/ 200" in host_log(host), f"host {host} served some of the pages")


def ledger_on_every_node(stock_id):
    """{node: (on hand, units in finished orders, refunds)} for one variant."""
    rows = {}
    for node in NODES:
        rows[node] = tuple(int(v) for v in on_node(node, (
            f"SELECT (SELECT quantity FROM item_stock WHERE id = {stock_id}),"
            " (SELECT COALESCE(SUM(i.quantity), 0) FROM ordered_item i JOIN shop_order o ON o.id = i.order_id"
            f"   WHERE o.end_date IS NOT NULL AND i.item_stock_id = {stock_id}),"
            " (SELECT COUNT(*) FROM refund r JOIN payment_item pi ON pi.payment_id = r.payment_id"
            f"   WHERE pi.item_stock_id = {stock_id})"))[0])
    return rows


def approved_payments(stock_id):
    """The sandbox's payments for the variant that it approved."""
    state = json.loads(request(HTTP + 1, "GET", "/__sandbox/state").body)
    references = {r[0] for r in on_node(1, "SELECT p.reference FROM payment p JOIN payment_item pi"
                                            f" ON pi.payment_id = p.id WHERE pi.item_stock_id = {stock_id}")}
    return [p for p in state["payments"] if p["external_reference"] in references and p["status"] == "approved"]


def expect_exact_ledger(stock_id, units, buyers, approved_what, explain_refunds=None):
    """After a run on a variant with `units` in stock, enough for every buyer: every node agrees on
    its ledger, nothing was sold twice or refunded, every approved payment is a finished order, one
    per buyer. explain_refunds(stock_id) prints what went wrong when there are refunds. Returns
    the ledger."""
    wait_for(lambda: len(set(ledger_on_every_node(stock_id).values())) == 1, 10)
    ledger = ledger_on_every_node(stock_id)
    expect_equal(len(set(ledger.values())), 1, f"every node agrees: {ledger}")
    on_hand, sold, refunds = ledger[1]
    if refunds and explain_refunds:
        explain_refunds(stock_id)
    expect_equal(on_hand + sold, units, "stock decrease = units in finished orders (nothing sold twice)")
    expect_equal(refunds, 0, "no refunds: stock never ran short")
    # No lost order: every payment the gateway approved is a finished order.
    approved = approved_payments(stock_id)
    expect_equal(sold, len(approved), approved_what)
    expect_equal(buyers, len(approved), "one approved payment per shopper")
    return ledger


def fill_carts(people, variant):
    """One unit of the variant in every shopper's cart, twelve shoppers at a time. A 503 (a COMMIT
    whose outcome the cluster left unknown) is tried again, as the page asks."""
    load = Load()
    run_all(lambda person: load.add(person, variant, "cart"), people, 12)


class Load:
    """Eight streams of shoppers who buy without pause while `chaos` (a function) happens to the
    cluster in a thread of its own, until it returns. A journey buys through patiently() and
    tells how it ended with finished()."""

    def __init__(self):
        self.statuses, self.journeys, self.finished_at = [], [], []
        self.lock = threading.Lock()
        self.over = threading.Event()

    def patiently(self, step):
        """A shopper who gets 'busy, try again' (503) tries again, as the page asks."""
        for _ in range(30):
            r = step()
            with self.lock:
                self.statuses.append(r.status)
            if r.status != 503:
                return r
            time.sleep(1)
        return r

    def add(self, shopper, variant, i):
        """Add to cart; a 503 (its COMMIT met a dying node, so its outcome is unknown) is tried again."""
        form = {"color": variant[1], "size": variant[2]}
        r = self.patiently(lambda: shopper.post(f"/add_to_cart/{variant[0]}/", form))
        expect(r.status == 303 and r.header("Location") == "/cart/", f"add {i}: {r.status}")

    def pay(self, shopper, email, i):
        """Checkout with that e-mail, approval at the sandbox, the return to the store."""
        r = self.patiently(lambda: shopper.post("/checkout/", dict(ADDRESS, email=email)))
        path = sandbox_pay(HTTP + 1, payment_link(r, f"confirm {i}"))
        r = self.patiently(lambda: shopper.get(path))
        with self.lock:
            self.journeys.append(returned_to_order(r))
            self.finished_at.append(time.monotonic())

    def run(self, journey, chaos):
        """journey(i) for i = 0, 1, 2 ... eight at a time, until chaos() has returned."""
        def stream(first):
            i = first
            while not self.over.is_set():
                journey(i)
                i += 8

        def chaos_then_stop():
            try:
                chaos()
            finally:
                self.over.set()

        thread = threading.Thread(target=chaos_then_stop)
        thread.start()
        run_all(stream, list(range(8)), 8)
        thread.join()

    def expect_every_shopper_served(self):
        statuses, journeys = self.statuses, self.journeys
        expect(all(s in (200, 303, 503) for s in statuses), f"only 200/303/503 answers: {sorted(set(statuses))}")
        expect(all(journeys), f"every shopper who paid reached the order page ({journeys.count(False)} did not)")


def main(up_timeout, show_logs, up_what=None):
    """TAP on stdout: the plan; `up` (every test fails when it does); each test, with show_logs()
    after a failure; `down` and DIR removed, unless KEEP_CLUSTER=1. With up_what (what `up`
    starts) the time up, each test and down took is printed too."""
    script = f"scripts/{os.path.basename(SCRIPT)}"
    began = time.monotonic()
    print(f"1..{len(_tests)}")
    try:
        try:
            cluster("up", *PORTS, timeout=up_timeout)
        except Exception as e:
            for number, fn in enumerate(_tests, start=1):
                print(f"not ok {number} - {fn.__name__}\n# cluster did not start: {e}")
            return
        if up_what:
            print(f"# up: {time.monotonic() - began:.1f} s ({up_what})")
        for number, fn in enumerate(_tests, start=1):
            t0 = time.monotonic()
            try:
                fn()
                for node in NODES:  # every test also checks the hold counts the store keeps
                    drift = on_node(node, HOLD_COUNT_DRIFT)
                    expect(not drift, f"node {node}: stock rows whose held counts disagree with their holds: {drift}")
                    drift = on_node(node, LEDGER_DRIFT)
                    expect(not drift, f"node {node}: on-hand stock differs from the sum of its ledger: {drift}")
                print(f"ok {number} - {fn.__name__}" + (f" # {time.monotonic() - t0:.1f} s" if up_what else ""))
            except Exception:  # a failed assertion or anything else: the test failed, keep going
                print(f"not ok {number} - {fn.__name__}")
                for line in traceback.format_exc().splitlines():
                    print(f"# {line}")
                show_logs()
            sys.stdout.flush()
    finally:
        if os.environ.get("KEEP_CLUSTER") == "1":
            print(f"# cluster kept in {DIR}" + (f" ({script} down {DIR})" if up_what else ""))
        else:
            t0 = time.monotonic()
            subprocess.run([SCRIPT, "down", DIR], capture_output=True, timeout=300)
            subprocess.run(["rm", "-rf", DIR])
            if up_what:
                print(f"# down: {time.monotonic() - t0:.1f} s; total {time.monotonic() - began:.1f} s")
