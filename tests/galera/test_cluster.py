#!/usr/bin/env python3
"""Scale-out (issue 9): three reserva-fcgi hosts, each on its own node of a 3-node MariaDB Galera
cluster, behind one nginx upstream (scripts/cluster). Many shoppers pay for fewer units than
there are payments, through all three hosts at once; then load goes on while a node is killed
and rejoins. Stock, orders, refunds and e-mails must come out exact on every node.

  tests/galera/test_cluster.py            TAP on stdout; scripts/check runs it once (plain build)

Ports (below the ephemeral range): GALERA_HTTP_PORT (25080; sandbox +1, SMTP sink +2/+3),
GALERA_SQL_BASE (25306; Galera's own ports at +10, +20, +30), GALERA_FCGI_BASE (25900).
KEEP_CLUSTER=1 leaves the cluster running (its folder is printed)."""
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
from shoppers import ADDRESS, Shopper, loopback, pref_of, race, request, run_all, sandbox_pay  # noqa: E402

HTTP = int(os.environ.get("GALERA_HTTP_PORT", "25080"))
SQL_BASE = int(os.environ.get("GALERA_SQL_BASE", "25306"))
FCGI_BASE = int(os.environ.get("GALERA_FCGI_BASE", "25900"))
HOSTS = NODES = (1, 2, 3)
DIR = tempfile.mkdtemp(prefix="reserva-galera.")
_tests = []


def test(fn):
    _tests.append(fn)
    return fn


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_equal(actual, wanted, what):
    if actual != wanted:
        raise AssertionError(f"{what}: got {actual!r}, wanted {wanted!r}")


def cluster(*args, timeout=300):
    r = subprocess.run([os.path.join(TOP, "scripts", "cluster"), args[0], DIR, *map(str, args[1:])],
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"scripts/cluster {' '.join(map(str, args))}: {r.stderr.strip()[-2000:]}")
    return r.stdout.strip()


def on_node(node, query):
    """Rows of a query run as root on one node (its unix socket), in the reserva database."""
    r = subprocess.run(["mariadb", "--no-defaults", "--socket", os.path.join(DIR, "db", f"node{node}", "mysqld.sock"),
                        "-uroot", "-N", "-B", "reserva", "-e", query], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"node {node}: {r.stderr.strip()}")
    return [line.split("\t") for line in r.stdout.splitlines()]


def value_on_every_node(query):
    """{node: first value}: the same query on the three nodes."""
    return {node: on_node(node, query)[0][0] for node in NODES}


def ctl(*args):
    return cluster("ctl", 1, *args)


def make_variant(quantity, tag):
    product = ctl("product", "add", "--name", f"Galera Tee {tag}", "--price", "79.90")
    color = ctl("color", "add", "--name", f"Galera {tag}")
    ctl("stock", "set", "--product", product, "--color", color, "--size", "M", "--quantity", str(quantity))
    stock_id = on_node(1, f"SELECT id FROM item_stock WHERE product_id = {product}")[0][0]
    return (product, color, "M"), stock_id


def host_log(host):
    with open(os.path.join(DIR, f"host{host}", "fcgi.log"), errors="replace") as f:
        return f.read()


def server_errors_in_logs():
    return [line for host in HOSTS for line in host_log(host).splitlines() if re.search(r" 5\d\d \d+us$", line)]


def retries_in_logs():
    return sum(host_log(host).count("transaction retried after error") for host in HOSTS)


def mail_to(address):
    r = request(HTTP + 3, "GET", f"/messages?to={address}")
    return json.loads(r.body)


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def shopper_email(tag, i):
    return f"galera-{tag}-{i}@example.com"


def returned_to_order(r):
    return r.status == 303 and (r.header("Location") or "").startswith("/order_approved/")


def ledger_on_every_node(stock_id, product):
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


def explain_payments(stock_id):
    """Every payment for the variant, with its order and refund: printed when a ledger is off."""
    for row in on_node(1, (
            "SELECT p.id, p.order_id, p.status, COALESCE(p.gateway_payment_id, '-'), o.end_date IS NOT NULL,"
            " (SELECT COALESCE(SUM(i.quantity), 0) FROM ordered_item i WHERE i.order_id = o.id),"
            " COALESCE((SELECT GROUP_CONCAT(CONCAT(r.gateway_payment_id, ': ', r.reason)) FROM refund r"
            "           WHERE r.payment_id = p.id), '-')"
            " FROM payment p JOIN payment_item pi ON pi.payment_id = p.id JOIN shop_order o ON o.id = p.order_id"
            f" WHERE pi.item_stock_id = {stock_id} ORDER BY p.id")):
        print("# payment " + " | ".join(row))


@test
def three_hosts_serve_one_store_through_one_upstream():
    for _ in range(30):
        expect_equal(request(HTTP, "GET", "/store/").status, 200, "GET /store/")
    for host in HOSTS:
        expect("GET /store/ 200" in host_log(host), f"host {host} served some of the pages")
    sizes = value_on_every_node("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                                " WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE'")
    expect_equal(set(sizes.values()), {"3"}, "every node sees a cluster of three")


@test
def checkouts_racing_on_three_hosts_hold_no_more_than_the_stock():
    shoppers, units = 45, 12
    variant, stock_id = make_variant(units, "hold")
    people = [Shopper(HTTP, loopback(600 + i)) for i in range(shoppers)]
    run_all(lambda s: s.add(*variant), people, 12)
    outcome = [None] * shoppers

    def confirm(i):
        r = people[i].post("/checkout/", dict(ADDRESS, email=shopper_email("hold", i)))
        outcome[i] = "link" if r.status == 303 and "pref_id=" in (r.header("Location") or "") else r.status

    race(confirm, shoppers, 30)
    expect_equal(sorted(set(map(str, outcome))), ["303", "link"], "every shopper got a link or was sent back")
    held = value_on_every_node(f"SELECT COALESCE(SUM(quantity), 0) FROM stock_hold WHERE item_stock_id = {stock_id}")
    print(f"# holds: {shoppers} checkouts for {units} units: {outcome.count('link')} links; held {held}")
    expect_equal(held, {node: str(units) for node in NODES}, "exactly the stock is held, on every node")
    expect_equal(outcome.count("link"), units, "one payment link per unit held")


@test
def payers_racing_on_three_hosts_for_fewer_units_leave_stock_exactly_zero_on_every_node():
    shoppers, units = 60, 20
    variant, stock_id = make_variant(shoppers, "race")
    people = [Shopper(HTTP, loopback(i)) for i in range(shoppers)]
    run_all(lambda s: s.add(*variant), people, 12)
    links = [None] * shoppers

    def confirm(i):
        r = people[i].post("/checkout/", dict(ADDRESS, email=shopper_email("race", i)))
        expect(r.status == 303 and "pref_id=" in (r.header("Location") or ""), f"confirm {i}: {r.status}")
        links[i] = pref_of(r.header("Location"))

    run_all(confirm, list(range(shoppers)), 12)
    # Every shopper holds a link; now only `units` remain and the holds lapse: finalize alone
    # decides, on whichever host and node each approval lands (return and webhook both race).
    ctl("stock", "set", "--product", variant[0], "--color", variant[1], "--size", "M", "--quantity", str(units))
    on_node(2, f"UPDATE stock_hold SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE item_stock_id = {stock_id}")
    retries_before = retries_in_logs()
    outcome = [None] * shoppers

    def pay_and_return(i):
        try:
            outcome[i] = people[i].get(sandbox_pay(HTTP + 1, links[i])).status
        except Exception as e:  # reported below
            outcome[i] = repr(e)

    race(pay_and_return, shoppers, 30)
    expect_equal([o for o in outcome if o != 303], [], "every shopper came back to a page (refunded ones too)")
    expect_equal(server_errors_in_logs(), [], "no request answered 5xx on any host")
    wait_for(lambda: len(set(map(tuple, ledger_on_every_node(stock_id, variant[0]).values()))) == 1, 10)
    ledger = ledger_on_every_node(stock_id, variant[0])
    if ledger != {node: (0, units, shoppers - units) for node in NODES}:
        explain_payments(stock_id)
    expect_equal(ledger, {node: (0, units, shoppers - units) for node in NODES},
                 "(stock, units sold, refunds) on every node")
    finished = value_on_every_node(
        "SELECT COUNT(*) FROM shop_order o WHERE o.end_date IS NOT NULL AND EXISTS"
        f" (SELECT 1 FROM ordered_item i WHERE i.order_id = o.id AND i.item_stock_id = {stock_id})")
    expect_equal(finished, {node: str(units) for node in NODES}, "one finished order per unit, on every node")
    retried = retries_in_logs() - retries_before
    guarded = sum(host_log(host).count("after a write conflict") for host in HOSTS)
    print(f"# race: {shoppers} payers, {units} units: (stock, sold, refunds) {ledger[1]} on all nodes; {retried} retries"
          f" ({guarded} by a guarded write)")
    expect(retried > 0, "conflicting transactions were retried (logged by the hosts)")
    # The three hosts' e-mail senders share one outbox across nodes: one e-mail per order.
    wait_for(lambda: sum(len(mail_to(shopper_email("race", i))) for i in range(shoppers)) >= units, 30)
    counts = [len(mail_to(shopper_email("race", i))) for i in range(shoppers)]
    expect_equal(sorted(counts, reverse=True)[:units + 1], [1] * units + [0],
                 "one purchase e-mail for each buyer, none for the refunded")


@test
def a_node_killed_and_rejoined_under_load_loses_no_order_and_sells_nothing_twice():
    units = 1000  # enough for the whole run: here the question is what a crash loses, not who wins
    variant, stock_id = make_variant(units, "kill")
    statuses, lock, chaos_over = [], threading.Lock(), threading.Event()
    journeys = []

    def patiently(step):
        """A shopper who gets 'busy, try again' (503) tries again, as the page asks."""
        for _ in range(30):
            r = step()
            with lock:
                statuses.append(r.status)
            if r.status != 503:
                return r
            time.sleep(1)
        return r

    def journey(i):
        shopper = Shopper(HTTP, loopback(200 + i))
        shopper.add(*variant)
        r = patiently(lambda: shopper.post("/checkout/", dict(ADDRESS, email=shopper_email("kill", i))))
        expect(r.status == 303 and "pref_id=" in (r.header("Location") or ""), f"confirm {i}: {r.status}")
        path = sandbox_pay(HTTP + 1, pref_of(r.header("Location")))
        r = patiently(lambda: shopper.get(path))
        with lock:
            journeys.append(returned_to_order(r))

    def shopper_stream(first):
        i = first
        while not chaos_over.is_set():
            journey(i)
            i += 8

    def crash_and_rejoin():
        try:
            time.sleep(2)
            cluster("db-kill", 3)
            time.sleep(5)
            cluster("db-start", 3)
            time.sleep(2)  # and some more load on the rejoined node
        finally:
            chaos_over.set()

    chaos = threading.Thread(target=crash_and_rejoin)
    chaos.start()
    run_all(shopper_stream, list(range(8)), 8)
    chaos.join()
    expect(all(s in (200, 303, 503) for s in statuses), f"only 200/303/503 answers: {sorted(set(statuses))}")
    expect(all(journeys), f"every shopper who paid reached the order page ({journeys.count(False)} did not)")
    states = value_on_every_node("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                                 " WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT'")
    expect_equal(states, {node: "Synced" for node in NODES}, "the killed node is back in sync")
    wait_for(lambda: len(set(ledger_on_every_node(stock_id, variant[0]).values())) == 1, 10)
    ledger = ledger_on_every_node(stock_id, variant[0])
    expect_equal(len(set(ledger.values())), 1, f"every node agrees: {ledger}")
    on_hand, sold, refunds = ledger[1]
    expect_equal(on_hand + sold, units, "stock decrease = units in finished orders (nothing sold twice)")
    expect_equal(refunds, 0, "no refunds: stock never ran short")
    # No lost order: every payment the gateway approved is a finished order.
    state = json.loads(request(HTTP + 1, "GET", "/__sandbox/state").body)
    references = {r[0] for r in on_node(1, "SELECT p.reference FROM payment p JOIN payment_item pi"
                                            f" ON pi.payment_id = p.id WHERE pi.item_stock_id = {stock_id}")}
    approved = [p for p in state["payments"] if p["external_reference"] in references and p["status"] == "approved"]
    expect_equal(sold, len(approved), "one finished order per approved payment")
    expect_equal(len(journeys), len(approved), "one approved payment per shopper")
    failovers = host_log(3).count("database: connected to")
    print(f"# kill: {len(journeys)} shoppers bought while node 3 died and rejoined: (stock, sold, refunds)"
          f" {ledger[1]} on all nodes; answers {sorted(set(statuses))}, {statuses.count(503)} x 503;"
          f" host 3 failed over {failovers} time(s)")
    expect(failovers > 0, "host 3 went on with another node")


@test
def expiry_passes_on_three_hosts_at_once_expire_each_link_once():
    shoppers = 15
    variant, stock_id = make_variant(shoppers, "expire")
    people = [Shopper(HTTP, loopback(900 + i)) for i in range(shoppers)]
    run_all(lambda s: s.add(*variant), people, 12)
    links = []

    def confirm(person):
        r = person.post("/checkout/", ADDRESS)
        expect(r.status == 303 and "pref_id=" in (r.header("Location") or ""), f"confirm: {r.status}")
        links.append(pref_of(r.header("Location")))

    run_all(confirm, people, 12)
    # The hour is up for every link; three timer jobs, one per host and node, run at once.
    on_node(1, "UPDATE payment p JOIN payment_item pi ON pi.payment_id = p.id SET p.expires_at = NOW(3) - INTERVAL 1 SECOND"
               f" WHERE pi.item_stock_id = {stock_id}")
    on_node(1, f"UPDATE stock_hold SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE item_stock_id = {stock_id}")
    failures = []

    def timer_job(host):
        try:
            cluster("expire", host)
        except Exception as e:  # reported below
            failures.append(repr(e))

    jobs = [threading.Thread(target=timer_job, args=(host,)) for host in HOSTS]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()
    expect_equal(failures, [], "every expiry pass ran to its end")
    wait_for(lambda: value_on_every_node("SELECT COUNT(*) FROM payment p JOIN payment_item pi ON pi.payment_id = p.id"
                                         f" WHERE pi.item_stock_id = {stock_id} AND p.link_expired_at_gateway = 1")
             == {node: str(shoppers) for node in NODES}, 10)
    expired = value_on_every_node("SELECT COUNT(*) FROM payment p JOIN payment_item pi ON pi.payment_id = p.id"
                                  f" WHERE pi.item_stock_id = {stock_id} AND p.status = 'expired'"
                                  " AND p.link_expired_at_gateway = 1")
    expect_equal(expired, {node: str(shoppers) for node in NODES}, "every link expired, and marked so on every node")
    held = value_on_every_node(f"SELECT COUNT(*) FROM stock_hold WHERE item_stock_id = {stock_id}")
    expect_equal(held, {node: "0" for node in NODES}, "their holds released")
    with open(os.path.join(DIR, "sandbox.log"), errors="replace") as f:
        sandbox_log = f.read()
    calls = [sandbox_log.count(f"PUT /checkout/preferences/{link} ") for link in links]
    expect_equal(calls, [1] * shoppers, "the gateway was told once per link, not once per host")


def main():
    print(f"1..{len(_tests)}")
    try:
        try:
            cluster("up", HTTP, SQL_BASE, FCGI_BASE, timeout=600)
        except Exception as e:
            for number, fn in enumerate(_tests, start=1):
                print(f"not ok {number} - {fn.__name__}\n# cluster did not start: {e}")
            return
        for number, fn in enumerate(_tests, start=1):
            try:
                fn()
                print(f"ok {number} - {fn.__name__}")
            except Exception:  # a failed assertion or anything else: the test failed, keep going
                print(f"not ok {number} - {fn.__name__}")
                for line in traceback.format_exc().splitlines():
                    print(f"# {line}")
                for host in HOSTS:
                    for line in [x for x in host_log(host).splitlines() if not re.search(r" [1-4]\d\d \d+us$", x)][-15:]:
                        print(f"# host{host}: {line}")
            sys.stdout.flush()
    finally:
        if os.environ.get("KEEP_CLUSTER") == "1":
            print(f"# cluster kept in {DIR}")
        else:
            subprocess.run([os.path.join(TOP, "scripts", "cluster"), "down", DIR], capture_output=True, timeout=300)
            subprocess.run(["rm", "-rf", DIR])


if __name__ == "__main__":
    main()
