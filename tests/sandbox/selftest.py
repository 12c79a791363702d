#!/usr/bin/env python3
"""Self-test of the Mercado Pago sandbox (mercadopago_sandbox.py), printed as TAP.

    python3 tests/sandbox/selftest.py

Starts the sandbox on a free port as a subprocess, plus a small local HTTP server standing in for
the store's webhook endpoint (it checks the x-signature with the shared secret), then drives the
sandbox the way the store and its tests will. The tests run in order and share state (the
preference created early on is paid, refunded and expired later). Exit status 0 only if every
test passed. Standard library only.
"""

import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
SANDBOX = os.path.join(HERE, "mercadopago_sandbox.py")
TOKEN = "TEST-selftest-token"
SECRET = "selftest-webhook-secret"
STORE = "http://127.0.0.1:8080"  # never contacted: only back_urls point there

_tests = []
ctx = {}  # values shared between tests (preference ids, payment ids, ...)


def test(fn):
    _tests.append(fn)
    return fn


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# The webhook receiver (the store's /payments/webhook stand-in)
# ---------------------------------------------------------------------------------------------

class Receiver:
    """Records every POST; paths under /fail answer 500 so that retries can be seen."""

    def __init__(self):
        self.calls = []
        self.cond = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                split = urllib.parse.urlsplit(self.path)
                with receiver.cond:
                    receiver.calls.append({"path": split.path, "query": urllib.parse.parse_qs(split.query),
                                           "headers": {k.lower(): v for k, v in self.headers.items()},
                                           "body": body})
                    receiver.cond.notify_all()
                status = 500 if split.path.startswith("/fail") else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate, count=1, timeout=6.0):
        """Wait until `count` recorded calls satisfy predicate; return them."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                found = [c for c in self.calls if predicate(c)]
                left = deadline - time.monotonic()
                if len(found) >= count or left <= 0:
                    return found
                self.cond.wait(left)


# ---------------------------------------------------------------------------------------------
# HTTP client helpers
# ---------------------------------------------------------------------------------------------

class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


def call(method, path, body=None, auth=True, token=TOKEN, headers=None, form=None, timeout=10, conn=None):
    """One request to the sandbox; JSON body for dicts/lists, raw for bytes, urlencoded for form."""
    send_headers = dict(headers or {})
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        send_headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif isinstance(body, (bytes, str)):
        data = body.encode() if isinstance(body, str) else body
        send_headers["Content-Type"] = "application/json"
    elif body is not None:
        data = json.dumps(body).encode()
        send_headers["Content-Type"] = "application/json"
    if auth:
        send_headers["Authorization"] = f"Bearer {token}"
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", ctx["port"], timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=send_headers)
        response = conn.getresponse()
        return Answer(response.status, response.getheaders(), response.read())
    finally:
        if own:
            conn.close()


def iso(dt):
    return dt.isoformat(timespec="milliseconds")


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


def preference(ref, notification_path="/payments/webhook", minutes=60, **overrides):
    now = now_utc()
    body = {
        "items": [
            {"id": "1-2-M", "title": "Camiseta Reserva", "quantity": 2, "unit_price": 1234.56, "currency_id": "BRL"},
            {"id": "3-1-P", "title": "Calça <Slim> & Co", "quantity": 1, "unit_price": 99.9, "currency_id": "BRL"},
        ],
        "external_reference": ref,
        "back_urls": {"success": f"{STORE}/finalize_payment/?from=mp",
                      "failure": f"{STORE}/finalize_payment/",
                      "pending": f"{STORE}/finalize_payment/"},
        "auto_return": "approved",
        "notification_url": f"http://127.0.0.1:{ctx['hook_port']}{notification_path}",
        "expires": True,
        "expiration_date_from": iso(now),
        "expiration_date_to": iso(now + datetime.timedelta(minutes=minutes)),
    }
    body.update(overrides)
    return body


TOTAL = 2569.02  # 2 x 1234.56 + 99.90


def create(ref, **kwargs):
    answer = call("POST", "/checkout/preferences", preference(ref, **kwargs))
    assert answer.status == 201, (answer.status, answer.text)
    return answer.json()


def state():
    answer = call("GET", "/__sandbox/state", auth=False)
    assert answer.status == 200, answer.status
    return answer.json()


def control(path, body):
    answer = call("POST", path, body, auth=False)
    assert answer.status == 200, (path, answer.status, answer.text)
    return answer.json()


def assert_error(answer, status):
    assert answer.status == status, (answer.status, status, answer.text)
    data = answer.json()
    assert data["status"] == status and isinstance(data["message"], str) and isinstance(data["error"], str), data


def query_of(url):
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).items()}


# ---------------------------------------------------------------------------------------------
# Tests (in order)
# ---------------------------------------------------------------------------------------------

@test
def auth_required_401():
    assert_error(call("POST", "/checkout/preferences", preference("auth-1"), auth=False), 401)
    assert_error(call("POST", "/checkout/preferences", preference("auth-1"), token="wrong"), 401)
    assert_error(call("GET", "/v1/payments/1000000001", auth=False), 401)
    assert_error(call("GET", "/v1/payments/search?external_reference=x", token="wrong"), 401)
    assert_error(call("POST", "/v1/payments/1000000001/refunds", {}, auth=False), 401)
    assert_error(call("PUT", "/checkout/preferences/x", {"expires": True}, auth=False), 401)
    assert state()["preferences"] == []
    # A rejected request's body is consumed: the same keep-alive connection still works.
    conn = http.client.HTTPConnection("127.0.0.1", ctx["port"], timeout=10)
    try:
        assert_error(call("POST", "/checkout/preferences", preference("auth-2"), auth=False, conn=conn), 401)
        answer = call("GET", "/__sandbox/state", auth=False, conn=conn)
        assert answer.status == 200, answer.status
    finally:
        conn.close()


@test
def create_preference_201():
    body = preference("order-1")
    answer = call("POST", "/checkout/preferences", body)
    assert answer.status == 201, (answer.status, answer.text)
    assert answer.headers["content-type"].startswith("application/json")
    pref = answer.json()
    assert re.fullmatch(r"1234567-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", pref["id"]), pref["id"]
    link = f"http://127.0.0.1:{ctx['port']}/checkout/v1/redirect?pref_id={pref['id']}"
    assert pref["init_point"] == link and pref["sandbox_init_point"] == link, pref
    assert pref["collector_id"] == 1234567
    datetime.datetime.fromisoformat(pref["date_created"])
    for key, value in body.items():  # every field sent comes back unchanged
        assert pref[key] == value, (key, pref[key], value)
    ctx["pref"] = pref


@test
def preference_idempotency_key():
    before = len(state()["preferences"])
    headers = {"X-Idempotency-Key": "key-order-2"}
    first = call("POST", "/checkout/preferences", preference("order-2"), headers=headers)
    second = call("POST", "/checkout/preferences", preference("order-2"), headers=headers)
    assert first.status == 201 and second.status == 201, (first.status, second.status)
    assert first.json()["id"] == second.json()["id"]
    assert first.json() == second.json()
    assert len(state()["preferences"]) == before + 1
    # Without a key (or with another one) every request is a new preference.
    other = call("POST", "/checkout/preferences", preference("order-2"), headers={"X-Idempotency-Key": "key-order-2b"})
    assert other.status == 201 and other.json()["id"] != first.json()["id"]
    assert len(state()["preferences"]) == before + 2


@test
def bad_body_400():
    before = len(state()["preferences"])
    item = {"title": "T", "quantity": 1, "unit_price": 10.0, "currency_id": "BRL"}
    bad = [
        preference("b", items=[]),
        preference("b", items="x"),
        preference("b", items=[dict(item, currency_id="USD")]),
        preference("b", items=[dict(item, quantity=0)]),
        preference("b", items=[dict(item, quantity=1.5)]),
        preference("b", items=[dict(item, quantity=True)]),
        preference("b", items=[dict(item, unit_price=0)]),
        preference("b", items=[dict(item, unit_price="10.00")]),
        preference("b", items=[{k: v for k, v in item.items() if k != "title"}]),
        preference("b", items=[dict(item, id=7)]),
        preference(""),
        preference("b", external_reference=None),
        preference("b", back_urls={"success": f"{STORE}/ok"}),
        preference("b", back_urls="x"),
        preference("b", notification_url="not a url"),
        preference("b", expires="yes"),
        preference("b", expiration_date_to="2026-11-27T09:00:00+00:00"),  # no milliseconds
        preference("b", expiration_date_to="2026-11-27T09:00:00.000"),  # no offset
        preference("b", expiration_date_to="2026-11-27T09:00:00.000Z"),
        preference("b", expiration_date_to="2026-13-45T09:00:00.000-03:00"),
        preference("b", expiration_date_to="2000-01-01T00:00:00.000-03:00"),  # before date_from
        [1, 2],
    ]
    for n, body in enumerate(bad):
        answer = call("POST", "/checkout/preferences", body)
        assert answer.status == 400, (n, answer.status, body)
        assert_error(answer, 400)
    for raw in (b"", b"{", b"{\"items\": NaN}"):
        assert_error(call("POST", "/checkout/preferences", raw), 400)
    assert len(state()["preferences"]) == before
    # The -03:00 offset Mercado Pago itself uses is accepted, and the id is optional.
    later = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=-3))) + datetime.timedelta(hours=1)
    ok = call("POST", "/checkout/preferences",
              preference("b-ok", items=[item], expiration_date_to=iso(later)))
    assert ok.status == 201, ok.text


@test
def get_preference_and_404():
    answer = call("GET", f"/checkout/preferences/{ctx['pref']['id']}")
    assert answer.status == 200 and answer.json() == ctx["pref"], answer.text
    assert_error(call("GET", "/checkout/preferences/1234567-nope"), 404)


@test
def checkout_page_has_three_buttons():
    answer = call("GET", f"/checkout/v1/redirect?pref_id={ctx['pref']['id']}", auth=False)
    assert answer.status == 200, answer.status
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert "Mercado Pago sandbox" in page
    assert re.search(r'<form[^>]*method="post"[^>]*action="/checkout/v1/pay"', page), page
    assert f'<input type="hidden" name="pref_id" value="{ctx["pref"]["id"]}">' in page
    for value, label in (("approve", "Approve payment"), ("pending", "Leave pending"), ("reject", "Reject payment")):
        assert re.search(rf'<button type="submit" name="choice" value="{value}">{label}</button>', page), value
    assert "Camiseta Reserva" in page and "Calça &lt;Slim&gt; &amp; Co" in page  # escaped
    assert "R$ 1.234,56" in page and "R$ 99,90" in page
    assert "R$ 2.569,02" in page  # the total
    assert "expires on" in page


@test
def checkout_page_unknown_404():
    answer = call("GET", "/checkout/v1/redirect?pref_id=1234567-unknown", auth=False)
    assert answer.status == 404 and "text/html" in answer.headers["content-type"], answer.status
    assert "choice" not in answer.text


@test
def pay_approve_redirects_with_query():
    pref = ctx["pref"]
    answer = call("POST", "/checkout/v1/pay", form={"pref_id": pref["id"], "choice": "approve"}, auth=False)
    assert answer.status == 302, (answer.status, answer.text)
    location = answer.headers["location"]
    assert location.startswith(f"{STORE}/finalize_payment/?from=mp&collection_id="), location
    q = query_of(location)
    expected_keys = {"from", "collection_id", "collection_status", "payment_id", "status", "external_reference",
                     "payment_type", "merchant_order_id", "preference_id", "site_id", "processing_mode",
                     "merchant_account_id"}
    assert set(q) == expected_keys, set(q) ^ expected_keys
    assert q["collection_id"] == q["payment_id"] and int(q["payment_id"]) >= 10_000_000_000_000
    assert q["collection_status"] == q["status"] == "approved"
    assert q["external_reference"] == "order-1" and q["preference_id"] == pref["id"]
    assert q["payment_type"] == "credit_card" and q["site_id"] == "MLB"
    assert q["processing_mode"] == "aggregator" and q["merchant_account_id"] == "null"
    int(q["merchant_order_id"])
    ctx["payment_id"] = int(q["payment_id"])


@test
def get_payment():
    answer = call("GET", f"/v1/payments/{ctx['payment_id']}")
    assert answer.status == 200, answer.text
    p = answer.json()
    assert p["id"] == ctx["payment_id"] and type(p["id"]) is int
    assert p["status"] == "approved" and p["status_detail"] == "accredited"
    assert p["external_reference"] == "order-1" and p["preference_id"] == ctx["pref"]["id"]
    assert p["transaction_amount"] == TOTAL and p["currency_id"] == "BRL"
    assert p["payment_type_id"] == "credit_card" and p["payment_method_id"] == "visa"
    assert p["live_mode"] is False
    datetime.datetime.fromisoformat(p["date_created"])
    datetime.datetime.fromisoformat(p["date_approved"])
    assert_error(call("GET", "/v1/payments/999"), 404)
    assert_error(call("GET", "/v1/payments/abc"), 404)


@test
def search_payments():
    answer = call("GET", "/v1/payments/search?external_reference=order-1")
    assert answer.status == 200, answer.text
    data = answer.json()
    assert data["paging"] == {"total": 1, "limit": 30, "offset": 0}, data["paging"]
    assert [p["id"] for p in data["results"]] == [ctx["payment_id"]]
    assert data["results"][0]["status"] == "approved"
    none = call("GET", "/v1/payments/search?external_reference=no-such-order").json()
    assert none == {"paging": {"total": 0, "limit": 30, "offset": 0}, "results": []}, none


@test
def webhook_delivered_with_valid_signature():
    pid = str(ctx["payment_id"])
    calls = ctx["receiver"].wait_for(lambda c: c["query"].get("data.id") == [pid])
    assert len(calls) == 1, calls
    c = calls[0]
    assert c["path"] == "/payments/webhook" and c["query"]["type"] == ["payment"], c
    assert c["headers"]["content-type"] == "application/json"
    request_id = c["headers"]["x-request-id"]
    assert re.fullmatch(r"[0-9a-f-]{36}", request_id), request_id
    parts = dict(part.split("=", 1) for part in c["headers"]["x-signature"].split(","))
    assert set(parts) == {"ts", "v1"}, parts
    assert abs(int(parts["ts"]) - time.time()) < 60, parts["ts"]
    manifest = f"id:{pid};request-id:{request_id};ts:{parts['ts']};"
    expected = hmac.new(SECRET.encode(), manifest.encode(), hashlib.sha256).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected), (parts["v1"], expected)
    body = json.loads(c["body"])
    assert body["action"] == "payment.created" and body["api_version"] == "v1" and body["type"] == "payment"
    assert body["data"] == {"id": pid} and body["live_mode"] is False and body["user_id"] == "1234567"
    assert type(body["id"]) is int and body["date_created"]
    record = [w for w in state()["webhooks"] if f"data.id={pid}" in w["url"]]
    assert len(record) == 1 and record[0]["status"] == 200 and record[0]["attempts"] == 1, record


@test
def pay_pending_and_rejected():
    pref = create("order-3")
    answer = call("POST", "/checkout/v1/pay", form={"pref_id": pref["id"], "choice": "pending"}, auth=False)
    assert answer.status == 302, answer.status
    location = answer.headers["location"]
    assert location.startswith(f"{STORE}/finalize_payment/?collection_id="), location
    q = query_of(location)
    assert q["status"] == "pending" and q["external_reference"] == "order-3"
    p = call("GET", f"/v1/payments/{q['payment_id']}").json()
    assert p["status"] == "pending" and p["status_detail"] == "pending_contingency" and p["date_approved"] is None
    ctx["pending_payment_id"] = p["id"]
    # The test control does the same and answers JSON.
    data = control("/__sandbox/pay", {"preference_id": pref["id"], "status": "rejected"})
    assert type(data["payment_id"]) is int and data["payment_id"] > p["id"], data
    q = query_of(data["redirect_url"])
    assert data["redirect_url"].startswith(f"{STORE}/finalize_payment/?"), data
    assert q["status"] == "rejected" and q["payment_id"] == str(data["payment_id"])
    p = call("GET", f"/v1/payments/{data['payment_id']}").json()
    assert p["status"] == "rejected" and p["status_detail"] == "cc_rejected_other_reason"
    search = call("GET", "/v1/payments/search?external_reference=order-3").json()
    assert search["paging"]["total"] == 2
    # Both payments are notified too.
    for pid in (str(ctx["pending_payment_id"]), str(data["payment_id"])):
        assert ctx["receiver"].wait_for(lambda c: c["query"].get("data.id") == [pid]), pid


@test
def pay_bad_requests():
    assert call("POST", "/__sandbox/pay", {"preference_id": "1234567-x", "status": "approved"}, auth=False).status == 404
    assert call("POST", "/__sandbox/pay", {"preference_id": ctx["pref"]["id"], "status": "ok"}, auth=False).status == 400
    answer = call("POST", "/checkout/v1/pay", form={"pref_id": ctx["pref"]["id"], "choice": "steal"}, auth=False)
    assert answer.status == 400 and "text/html" in answer.headers["content-type"]
    answer = call("POST", "/checkout/v1/pay", form={"pref_id": "1234567-x", "choice": "approve"}, auth=False)
    assert answer.status == 404 and "text/html" in answer.headers["content-type"]


@test
def webhook_retried_three_times_on_500():
    pref = create("order-4", notification_path="/fail/webhook")
    pid = control("/__sandbox/pay", {"preference_id": pref["id"], "status": "approved"})["payment_id"]
    calls = ctx["receiver"].wait_for(lambda c: c["query"].get("data.id") == [str(pid)], count=3, timeout=8)
    assert len(calls) == 3, len(calls)
    deadline = time.monotonic() + 3
    while True:
        record = [w for w in state()["webhooks"] if f"data.id={pid}" in w["url"]]
        if record and record[0]["attempts"] == 3 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert record == [dict(record[0], status=500, attempts=3)], record
    time.sleep(1.5)  # and not a fourth time
    assert len(ctx["receiver"].wait_for(lambda c: c["query"].get("data.id") == [str(pid)], count=4, timeout=0)) == 3


@test
def webhooks_can_be_disabled():
    assert control("/__sandbox/webhooks", {"enabled": False}) == {"enabled": False}
    pref = create("order-5")
    pid = control("/__sandbox/pay", {"preference_id": pref["id"], "status": "approved"})["payment_id"]
    time.sleep(1.5)
    assert not ctx["receiver"].wait_for(lambda c: c["query"].get("data.id") == [str(pid)], timeout=0)
    assert not [w for w in state()["webhooks"] if f"data.id={pid}" in w["url"]]
    control("/__sandbox/webhooks", {"enabled": True})
    assert call("POST", "/__sandbox/webhooks", {"enabled": "no"}, auth=False).status == 400


@test
def expire_via_put_then_410():
    pref = create("order-6")
    now = iso(now_utc())
    answer = call("PUT", f"/checkout/preferences/{pref['id']}", {"expiration_date_to": now, "expires": True})
    assert answer.status == 200, answer.text
    updated = answer.json()
    assert updated["id"] == pref["id"] and updated["expiration_date_to"] == now and updated["expires"] is True
    assert updated["items"] == pref["items"] and updated["init_point"] == pref["init_point"]
    assert call("GET", f"/checkout/preferences/{pref['id']}").json()["expiration_date_to"] == now
    payments_before = len(state()["payments"])
    page = call("GET", f"/checkout/v1/redirect?pref_id={pref['id']}", auth=False)
    assert page.status == 410 and "expired" in page.text and "choice" not in page.text, (page.status, page.text)
    paid = call("POST", "/checkout/v1/pay", form={"pref_id": pref["id"], "choice": "approve"}, auth=False)
    assert paid.status == 410 and "expired" in paid.text and "location" not in paid.headers, paid.status
    answer = call("POST", "/__sandbox/pay", {"preference_id": pref["id"], "status": "approved"}, auth=False)
    assert_error(answer, 410)
    assert len(state()["payments"]) == payments_before
    assert_error(call("PUT", "/checkout/preferences/1234567-nope", {"expires": True}), 404)
    assert_error(call("PUT", f"/checkout/preferences/{pref['id']}", {"expiration_date_to": "tomorrow"}), 400)


@test
def refund_idempotent_and_no_double_refund():
    pid = ctx["payment_id"]
    headers = {"X-Idempotency-Key": "refund-key-1"}
    first = call("POST", f"/v1/payments/{pid}/refunds", headers=headers)  # no body: a full refund
    assert first.status == 201, first.text
    refund = first.json()
    assert type(refund["id"]) is int and refund["payment_id"] == pid and refund["amount"] == TOTAL
    assert refund["status"] == "approved" and refund["date_created"]
    p = call("GET", f"/v1/payments/{pid}").json()
    assert p["status"] == "refunded" and p["status_detail"] == "refunded", p
    again = call("POST", f"/v1/payments/{pid}/refunds", {}, headers=headers)
    assert again.status == 201 and again.json() == refund, again.text
    assert len(state()["refunds"]) == 1
    assert_error(call("POST", f"/v1/payments/{pid}/refunds", {}, headers={"X-Idempotency-Key": "refund-key-2"}), 400)
    assert len(state()["refunds"]) == 1
    # Only approved payments can be refunded; unknown ones are 404.
    assert_error(call("POST", f"/v1/payments/{ctx['pending_payment_id']}/refunds", {}), 400)
    assert_error(call("POST", "/v1/payments/999/refunds", {}), 404)
    # An explicit amount, and one that is too large.
    pref = create("order-7")
    pid2 = control("/__sandbox/pay", {"preference_id": pref["id"], "status": "approved"})["payment_id"]
    assert_error(call("POST", f"/v1/payments/{pid2}/refunds", {"amount": TOTAL + 1}), 400)
    partial = call("POST", f"/v1/payments/{pid2}/refunds", {"amount": 10.5})
    assert partial.status == 201 and partial.json()["amount"] == 10.5, partial.text


@test
def partial_refunds_are_kept_until_the_payment_is_refunded_in_full():
    pref = create("order-partial")
    pid = control("/__sandbox/pay", {"preference_id": pref["id"], "status": "approved"})["payment_id"]
    assert call("POST", f"/v1/payments/{pid}/refunds", {"amount": 20.0}).status == 201
    p = call("GET", f"/v1/payments/{pid}").json()
    assert p["status"] == "approved" and p["transaction_amount_refunded"] == 20.0, p
    assert [r["amount"] for r in p["refunds"]] == [20.0], p
    # More than what is left is refused; exactly what is left closes the payment.
    assert_error(call("POST", f"/v1/payments/{pid}/refunds", {"amount": TOTAL - 20.0 + 0.01}), 400)
    assert call("POST", f"/v1/payments/{pid}/refunds", {"amount": round(TOTAL - 20.0, 2)}).status == 201
    p = call("GET", f"/v1/payments/{pid}").json()
    assert p["status"] == "refunded" and p["transaction_amount_refunded"] == TOTAL, p
    assert len(p["refunds"]) == 2


@test
def a_chargeback_at_the_gateway_changes_the_payment_and_notifies():
    pref = create("order-chargeback")
    pid = control("/__sandbox/pay", {"preference_id": pref["id"], "status": "approved"})["payment_id"]
    before = len(state()["webhooks"])
    answer = control("/__sandbox/reverse", {"payment_id": pid, "status": "charged_back"})
    assert answer["status"] == "charged_back", answer
    assert call("GET", f"/v1/payments/{pid}").json()["status"] == "charged_back"
    for _ in range(50):
        if len(state()["webhooks"]) > before:
            break
        time.sleep(0.1)
    assert len(state()["webhooks"]) > before, "a webhook was sent"


@test
def expect_100_continue_answered():
    # libcurl sends "Expect: 100-continue" before larger bodies; the sandbox must answer at once.
    body = json.dumps(preference("order-expect")).encode()
    with socket.create_connection(("127.0.0.1", ctx["port"]), timeout=5) as s:
        s.sendall((f"POST /checkout/preferences HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
                   f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                   "Expect: 100-continue\r\nConnection: close\r\n\r\n").encode())
        s.settimeout(0.5)
        interim = s.recv(4096)
        assert interim.startswith(b"HTTP/1.1 100"), interim
        s.settimeout(5)
        s.sendall(body)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 201"), reply[:200]


@test
def mode_error500():
    control("/__sandbox/mode", {"mode": "error500"})
    try:
        assert_error(call("GET", f"/checkout/preferences/{ctx['pref']['id']}"), 500)
        assert_error(call("POST", "/checkout/preferences", preference("order-500")), 500)
        assert_error(call("GET", f"/v1/payments/{ctx['payment_id']}"), 500)
        # The checkout page and the controls are not affected.
        pref = [p for p in state()["preferences"] if p["external_reference"] == "order-3"][0]
        assert call("GET", f"/checkout/v1/redirect?pref_id={pref['id']}", auth=False).status == 200
    finally:
        control("/__sandbox/mode", {"mode": "normal"})
    assert call("GET", f"/v1/payments/{ctx['payment_id']}").status == 200
    assert call("POST", "/__sandbox/mode", {"mode": "broken"}, auth=False).status == 400


@test
def mode_malformed():
    control("/__sandbox/mode", {"mode": "malformed"})
    try:
        answer = call("GET", f"/v1/payments/{ctx['payment_id']}")
        assert answer.status == 200 and answer.body == b'{"id": ', answer.body
        try:
            answer.json()
            raise AssertionError("the malformed body parsed as JSON")
        except ValueError:
            pass
        assert call("POST", "/checkout/preferences", preference("order-m")).body == b'{"id": '
    finally:
        control("/__sandbox/mode", {"mode": "normal"})
    assert call("GET", f"/v1/payments/{ctx['payment_id']}").json()["id"] == ctx["payment_id"]


@test
def mode_timeout():
    control("/__sandbox/mode", {"mode": "timeout"})
    try:
        started = time.monotonic()
        try:
            call("GET", f"/v1/payments/{ctx['payment_id']}", timeout=1)
            raise AssertionError("the request did not time out")
        except (socket.timeout, TimeoutError):
            pass
        assert time.monotonic() - started < 3
        # Meanwhile the controls answer at once.
        started = time.monotonic()
        assert state()["mode"] == "timeout"
        assert time.monotonic() - started < 1
    finally:
        control("/__sandbox/mode", {"mode": "normal"})
    assert call("GET", f"/v1/payments/{ctx['payment_id']}", timeout=2).status == 200


@test
def reset_clears_everything():
    control("/__sandbox/mode", {"mode": "error500"})
    control("/__sandbox/webhooks", {"enabled": False})
    assert control("/__sandbox/reset", {}) == {"reset": True}
    s = state()
    assert s["preferences"] == [] and s["payments"] == [] and s["refunds"] == [] and s["webhooks"] == [], s
    assert s["mode"] == "normal" and s["webhooks_enabled"] is True, s
    assert_error(call("GET", f"/checkout/preferences/{ctx['pref']['id']}"), 404)
    assert_error(call("GET", f"/v1/payments/{ctx['payment_id']}"), 404)
    # The same idempotency key makes a new preference after a reset.
    again = call("POST", "/checkout/preferences", preference("order-2"), headers={"X-Idempotency-Key": "key-order-2"})
    assert again.status == 201 and len(state()["preferences"]) == 1
    # Payment ids keep increasing across a reset (the store's database still knows the old ones).
    pid = control("/__sandbox/pay", {"preference_id": again.json()["id"], "status": "approved"})["payment_id"]
    assert pid > ctx["payment_id"], pid


@test
def sigterm_exits_cleanly():
    process = ctx["process"]
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=5) == 0, process.returncode
    with open(ctx["log_path"]) as f:
        log = f.read()
    assert re.search(r"GET /__sandbox/state 200 \d+\.\dms", log), log[-2000:]
    assert "stopped" in log.splitlines()[-1], log.splitlines()[-1]
    assert "Traceback" not in log, log


# ---------------------------------------------------------------------------------------------

def start_sandbox():
    ctx["port"] = free_port()
    log = tempfile.NamedTemporaryFile("w", prefix="mp-sandbox-", suffix=".log", delete=False)
    ctx["log_path"] = log.name
    ctx["process"] = subprocess.Popen(
        [sys.executable, SANDBOX, "--port", str(ctx["port"]), "--access-token", TOKEN, "--webhook-secret", SECRET],
        stdout=log, stderr=log)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", ctx["port"]), timeout=1).close()
            return True
        except OSError:
            if ctx["process"].poll() is not None:
                break
            time.sleep(0.05)
    return False


def main():
    receiver = Receiver()
    ctx["receiver"], ctx["hook_port"] = receiver, receiver.port
    print(f"1..{len(_tests)}")
    if not start_sandbox():
        print("Bail out! the sandbox did not start; its log follows")
        for line in open(ctx["log_path"]).read().splitlines():
            print(f"# {line}")
        ctx["process"].kill()
        return 1
    failed = 0
    try:
        for number, fn in enumerate(_tests, start=1):
            try:
                fn()
                print(f"ok {number} - {fn.__name__}")
            except Exception:
                failed += 1
                print(f"not ok {number} - {fn.__name__}")
                for line in traceback.format_exc().splitlines():
                    print(f"# {line}")
            sys.stdout.flush()
    finally:
        if ctx["process"].poll() is None:
            ctx["process"].terminate()
            try:
                ctx["process"].wait(timeout=5)
            except subprocess.TimeoutExpired:
                ctx["process"].kill()
        receiver.server.shutdown()
    if failed:
        print(f"# {failed} failed; sandbox log: {ctx['log_path']}")
        for line in open(ctx["log_path"]).read().splitlines()[-40:]:
            print(f"#   {line}")
    else:
        os.unlink(ctx["log_path"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
