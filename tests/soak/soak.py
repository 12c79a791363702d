#!/usr/bin/env python3
"""Mixed traffic against a running stack for a bounded time — browsing, carts, confirms and
payments — sampling reserva-fcgi's memory and open files. Passes when, after warm-up, RSS and
file descriptors stay flat, the log shows no error, the stock ledger balances (initial stock +
units restocked - units in finished orders = on-hand stock, for every variant) and every
variant's hold counts (sql/004) match its holds."""
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import (HOLD_COUNT_DRIFT, LEDGER_DRIFT, Shopper, app_log, app_pid, confirm, get, pay, preference_of,  # noqa: E402
                     sql, sql_value)

minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
deadline = time.time() + minutes * 60
initial = {row[0]: int(row[1]) for row in sql("SELECT id, quantity FROM item_stock")}
variants = sql("SELECT s.product_id, s.color_id, s.size FROM item_stock s WHERE s.quantity > 0")
products = [row[0] for row in sql("SELECT id FROM product")]
counts = {"pages": 0, "adds": 0, "confirms": 0, "payments": 0, "errors": 0, "restocked": 0}
restocked = {}  # variant id -> units the "operator" added during the run
lock = threading.Lock()


def count(kind):
    with lock:
        counts[kind] += 1


def shopper_loop(seed):
    rng = random.Random(seed)
    while time.time() < deadline:
        shopper = Shopper()
        try:
            for _ in range(rng.randint(1, 4)):
                if get(f"/product/{rng.choice(products)}/").status >= 500:
                    count("errors")
                count("pages")
            for _ in range(rng.randint(1, 3)):
                shopper.add(*rng.choice(variants))
                count("adds")
            r = shopper.get("/cart/")
            if r.status >= 500:
                count("errors")
            if rng.random() < 0.5:
                continue
            r = confirm(shopper, email=f"soak{seed}@example.com")
            if r.status != 303 or "pref_id=" not in (r.header("Location") or ""):
                continue  # cart emptied by stock running out: a normal outcome
            count("confirms")
            if rng.random() < 0.7:
                _, path = pay(preference_of(r.header("Location")), rng.choice(["approved", "approved", "rejected"]))
                if shopper.get(path).status >= 500:
                    count("errors")
                count("payments")
        except OSError:
            count("errors")


def sample():
    pid = app_pid()
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def restock():
    """The operator refills what sold out (or is held by unpaid links), so payments go on for the whole run. One statement
    per variant (quantity = quantity + 10), so a finalize racing with it cannot skew the ledger."""
    for variant_id, _ in sql("SELECT s.id, s.quantity FROM item_stock s WHERE s.quantity - COALESCE((SELECT SUM(h.quantity)"
                             " FROM stock_hold h WHERE h.item_stock_id = s.id AND h.expires_at > NOW(3)), 0) < 3"):
        sql(f"START TRANSACTION; UPDATE item_stock SET quantity = quantity + 10, stock_version = stock_version + 1"
            f" WHERE id = {variant_id}; INSERT INTO stock_ledger (item_stock_id, delta, on_hand_after, reason, note, who)"
            f" SELECT id, 10, quantity, 'adjust', 'soak: restock', 'cli' FROM item_stock WHERE id = {variant_id}; COMMIT")
        restocked[variant_id] = restocked.get(variant_id, 0) + 10
        counts["restocked"] += 10


samples = []
workers = [threading.Thread(target=shopper_loop, args=(i,)) for i in range(8)]
for w in workers:
    w.start()
while time.time() < deadline:
    restock()
    samples.append(sample())
    print(f"# {time.strftime('%H:%M:%S')} rss={samples[-1][0]} kB fds={samples[-1][1]} {counts}", flush=True)
    time.sleep(min(10, max(0.1, deadline - time.time())))
for w in workers:
    w.join()
samples.append(sample())

warm = samples[max(1, len(samples) // 4)]
last = samples[-1]
finished = {row[0]: int(row[1]) for row in sql(
    "SELECT i.item_stock_id, SUM(i.quantity) FROM ordered_item i JOIN shop_order o ON o.id = i.order_id"
    " WHERE o.end_date IS NOT NULL GROUP BY i.item_stock_id")}
now = {row[0]: int(row[1]) for row in sql("SELECT id, quantity FROM item_stock")}
unbalanced = [v for v in initial if initial[v] + restocked.get(v, 0) - finished.get(v, 0) != now[v]]
log_errors = [line for line in app_log().splitlines()
              if line.startswith(("500:", "error:")) or "AddressSanitizer" in line or " 500 " in line]
checks = [
    ("traffic flowed, payments throughout", counts["pages"] > 0 and counts["payments"] > minutes * 20),
    ("no 5xx or connection errors", counts["errors"] == 0),
    (f"RSS flat after warm-up ({warm[0]} -> {last[0]} kB)", last[0] <= warm[0] * 1.25 + 2048),
    (f"open files flat after warm-up ({warm[1]} -> {last[1]})", last[1] <= warm[1] + 8),
    ("no error in the log", not log_errors),
    (f"stock ledger balances for all {len(initial)} variants", not unbalanced),
    ("stock never below zero", sql_value("SELECT COUNT(*) FROM item_stock WHERE quantity < 0") == "0"),
    ("every variant's hold counts match its holds", not sql(HOLD_COUNT_DRIFT)),
    ("every variant's on-hand stock is the sum of its ledger", not sql(LEDGER_DRIFT)),
]
print(f"1..{len(checks)}")
for number, (name, ok) in enumerate(checks, start=1):
    print(f"{'ok' if ok else 'not ok'} {number} - {name}")
for line in log_errors[:20]:
    print(f"# {line}")
print(f"# {counts}")
sys.exit(0 if all(ok for _, ok in checks) else 1)
