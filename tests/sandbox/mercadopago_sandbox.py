#!/usr/bin/env python3
"""A local stand-in for the part of the Mercado Pago API that Reserva uses (SPEC section 6).

For development, demos and tests only: it never talks to Mercado Pago, keeps everything in
memory and forgets it on exit.

    python3 tests/sandbox/mercadopago_sandbox.py --port P --access-token T --webhook-secret S

Point the store's `[payments] api_base` at http://127.0.0.1:P and use the same access token and
webhook secret. Routes:

  API (Bearer token required; affected by the test mode):
    POST /checkout/preferences              create a payment link (X-Idempotency-Key honoured)
    GET  /checkout/preferences/{id}         read it
    PUT  /checkout/preferences/{id}         update it (the store expires links early this way)
    GET  /v1/payments/{id}                  read a payment
    GET  /v1/payments/search?external_reference=REF
    POST /v1/payments/{id}/refunds          refund a payment, all or {"amount": 12.34} of what is left
                                            (X-Idempotency-Key honoured; partial refunds are kept)

  Checkout page (what the shopper's browser sees at init_point; no auth, never affected by the mode):
    GET  /checkout/v1/redirect?pref_id=ID   items, total, expiry and approve / pending / reject buttons
    POST /checkout/v1/pay                   creates the payment, sends the webhook, 302 to a back_url

  Test controls (no auth, JSON):
    POST /__sandbox/mode      {"mode": "normal" | "error500" | "timeout" | "malformed" | "foreign_init_point"}
                              (foreign_init_point: new links answer an init_point on another host)
    POST /__sandbox/webhooks  {"enabled": true | false}
    POST /__sandbox/pay       {"preference_id": ID, "status": "approved" | "pending" | "rejected"}
    POST /__sandbox/reverse   {"payment_id": ID, "status": "refunded" | "charged_back" | "cancelled", "amount": 12.34}
                              (a refund at the seller's dashboard or a chargeback, then the webhook)
    GET  /__sandbox/state
    POST /__sandbox/reset

Only the Python standard library is used, so it runs anywhere the tests run.
"""

import argparse
import datetime
import decimal
import hashlib
import hmac
import html
import json
import re
import signal
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COLLECTOR_ID = 1234567  # the fake seller account; also the prefix of preference ids
# Ids start from the clock (tenths of a second), so a restarted sandbox never hands out an id a
# store's database (which outlives it, e.g. scripts/demo's) has already recorded.
_CLOCK_BASE = int(time.time() * 10) * 1000
FIRST_PAYMENT_ID = 10_000_000_000_000 + _CLOCK_BASE % 10_000_000_000_000
FIRST_REFUND_ID = 20_000_000_000_000 + _CLOCK_BASE % 10_000_000_000_000
FIRST_MERCHANT_ORDER_ID = 3000000001
FIRST_NOTIFICATION_ID = 4000000001
MAX_BODY = 1024 * 1024
MODES = ("normal", "error500", "timeout", "malformed", "foreign_init_point")
TIMEOUT_MODE_SLEEP = 30.0
WEBHOOK_ATTEMPTS = 3
WEBHOOK_RETRY_DELAY = 1.0
WEBHOOK_TIMEOUT = 10.0

# Mercado Pago answers with Brazilian local time (UTC-03:00) and millisecond precision.
BRAZIL = datetime.timezone(datetime.timedelta(hours=-3))
# "2026-11-27T09:00:00.000+00:00": SPEC 6 asks for milliseconds and an explicit offset, so the
# sandbox insists on exactly that form; a store sending "Z", seconds only or a naive time is a bug.
ISO_WITH_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$")

PAYMENT_CHOICES = {"approve": "approved", "pending": "pending", "reject": "rejected"}
STATUS_DETAIL = {"approved": "accredited", "pending": "pending_contingency", "rejected": "cc_rejected_other_reason"}
BACK_URL_FOR_STATUS = {"approved": "success", "pending": "pending", "rejected": "failure"}
# Fields the sandbox sets itself; a client cannot overwrite them on create or update.
SERVER_FIELDS = ("id", "init_point", "sandbox_init_point", "date_created", "collector_id", "client_id")


def log(message):
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    sys.stderr.write(f"{stamp} mercadopago-sandbox: {message}\n")
    sys.stderr.flush()


def now_iso():
    return datetime.datetime.now(BRAZIL).isoformat(timespec="milliseconds")


def money(value):
    """A JSON number as an exact Decimal with two places (via str, so 129.9 stays 129.90)."""
    return decimal.Decimal(str(value)).quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)


def brl(amount):
    """R$ 1.234,56: Python formats 1,234.56, so swap the separators."""
    text = f"{amount:,.2f}"
    return "R$ " + text.replace(",", "_").replace(".", ",").replace("_", ".")


def append_query(url, pairs):
    """Add query parameters to a URL that may already have some (then they are joined with &)."""
    parts = urllib.parse.urlsplit(url)
    extra = urllib.parse.urlencode(pairs)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


class ApiError(Exception):
    """An error answer; rendered as Mercado Pago's JSON error or as an HTML page, by route."""

    def __init__(self, status, message, error=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.error = error or {400: "bad_request", 401: "unauthorized", 404: "not_found",
                               405: "method_not_allowed", 409: "conflict", 410: "gone",
                               413: "request_entity_too_large"}.get(status, "internal_error")


# ---------------------------------------------------------------------------------------------
# Validation of what the store sends
# ---------------------------------------------------------------------------------------------

def is_number(value):
    # bool is an int in Python, but true is not a price.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value \
        and value not in (float("inf"), float("-inf"))


def is_http_url(value):
    if not isinstance(value, str):
        return False
    parts = urllib.parse.urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def parse_iso(value, field):
    if not isinstance(value, str) or not ISO_WITH_MILLIS.match(value):
        raise ApiError(400, f"invalid {field}: expected ISO 8601 with milliseconds and offset, "
                            f"e.g. 2026-11-27T09:00:00.000-03:00")
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"invalid {field}: not a valid date")


def validate_preference(pref):
    """Raise ApiError(400) unless pref is a preference the store is allowed to send."""
    items = pref.get("items")
    if not isinstance(items, list) or not items:
        raise ApiError(400, "items must be a non-empty list")
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise ApiError(400, f"items[{n}] must be an object")
        if "id" in item and not isinstance(item["id"], str):
            raise ApiError(400, f"items[{n}].id must be a string")
        if not isinstance(item.get("title"), str) or not item["title"].strip():
            raise ApiError(400, f"items[{n}].title must be a non-empty string")
        quantity = item.get("quantity")
        if type(quantity) is not int or quantity <= 0:
            raise ApiError(400, f"items[{n}].quantity must be an integer greater than 0")
        if not is_number(item.get("unit_price")) or item["unit_price"] <= 0:
            raise ApiError(400, f"items[{n}].unit_price must be a number greater than 0")
        if item.get("currency_id") != "BRL":
            raise ApiError(400, f"items[{n}].currency_id must be BRL")
    reference = pref.get("external_reference")
    if not isinstance(reference, str) or not reference:
        raise ApiError(400, "external_reference must be a non-empty string")
    back_urls = pref.get("back_urls")
    if not isinstance(back_urls, dict):
        raise ApiError(400, "back_urls must be an object with success, failure and pending")
    for key in ("success", "failure", "pending"):
        if not is_http_url(back_urls.get(key)):
            raise ApiError(400, f"back_urls.{key} must be an http(s) URL")
    if not is_http_url(pref.get("notification_url")):
        raise ApiError(400, "notification_url must be an http(s) URL")
    if "auto_return" in pref and pref["auto_return"] not in ("approved", "all"):
        raise ApiError(400, "auto_return must be approved or all")
    if "expires" in pref and not isinstance(pref["expires"], bool):
        raise ApiError(400, "expires must be a boolean")
    date_from = date_to = None
    if "expiration_date_from" in pref:
        date_from = parse_iso(pref["expiration_date_from"], "expiration_date_from")
    if "expiration_date_to" in pref:
        date_to = parse_iso(pref["expiration_date_to"], "expiration_date_to")
    if pref.get("expires") and date_to is None:
        raise ApiError(400, "expiration_date_to is required when expires is true")
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ApiError(400, "expiration_date_to is before expiration_date_from")


def is_expired(pref):
    if not pref.get("expires"):
        return False
    date_to = datetime.datetime.fromisoformat(pref["expiration_date_to"])
    # >= rather than >: the store expires a link by setting expiration_date_to to "now", and
    # that link must be dead at once even if the next request lands in the same millisecond.
    return datetime.datetime.now(datetime.timezone.utc) >= date_to


def preference_total(pref):
    return sum((money(item["unit_price"]) * item["quantity"] for item in pref["items"]), decimal.Decimal("0.00"))


# ---------------------------------------------------------------------------------------------
# State and behaviour
# ---------------------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Mercado Pago does not follow redirects from a notification_url; a 3xx is a failed delivery.
    def redirect_request(self, *args, **kwargs):
        return None


# No proxy either: http_proxy in the environment must not divert webhooks aimed at 127.0.0.1.
WEBHOOK_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


class Sandbox:
    def __init__(self, base_url, access_token, webhook_secret):
        self.base_url = base_url
        self.access_token = access_token
        self.webhook_secret = webhook_secret.encode()
        self.lock = threading.Lock()
        self.stopping = threading.Event()  # set on SIGTERM/SIGINT: wakes sleepers, stops retries
        # Ids keep increasing across /__sandbox/reset: the store's database outlives a reset, and
        # a reused payment id would look to it like a payment it has already seen.
        self.next_payment_id = FIRST_PAYMENT_ID
        self.next_refund_id = FIRST_REFUND_ID
        self.next_merchant_order_id = FIRST_MERCHANT_ORDER_ID
        self.next_notification_id = FIRST_NOTIFICATION_ID
        self.reset()

    def reset(self):
        with self.lock:
            self.preferences = {}  # id -> preference as served (insertion ordered)
            self.preference_keys = {}  # X-Idempotency-Key -> preference id
            self.merchant_orders = {}  # preference id -> merchant_order_id
            self.payments = {}  # int id -> payment as served
            self.refunds = []
            self.refund_keys = {}  # X-Idempotency-Key -> refund
            self.webhooks = []  # one record per notification: url, status, attempts
            self.mode = "normal"
            self.webhooks_enabled = True

    # -- preferences ---------------------------------------------------------------------------

    def create_preference(self, body, idempotency_key):
        with self.lock:
            if idempotency_key and idempotency_key in self.preference_keys:
                return dict(self.preferences[self.preference_keys[idempotency_key]])
        if not isinstance(body, dict):
            raise ApiError(400, "the body must be a JSON object")
        validate_preference(body)
        pref_id = f"{COLLECTOR_ID}-{uuid.uuid4()}"
        link = f"{self.base_url}/checkout/v1/redirect?pref_id={pref_id}"
        with self.lock:
            if self.mode == "foreign_init_point":  # a gateway answer the store must not send shoppers to
                link = f"https://pay.example.net/checkout?pref_id={pref_id}"
        pref = dict(body)
        pref.update({"id": pref_id, "init_point": link, "sandbox_init_point": link,
                     "date_created": now_iso(), "collector_id": COLLECTOR_ID, "client_id": str(COLLECTOR_ID)})
        with self.lock:
            # Two requests with the same key racing: the first to get here wins, the other
            # answers with its preference, so one key never makes two links.
            if idempotency_key and idempotency_key in self.preference_keys:
                return dict(self.preferences[self.preference_keys[idempotency_key]])
            self.preferences[pref_id] = pref
            if idempotency_key:
                self.preference_keys[idempotency_key] = pref_id
            return dict(pref)

    def get_preference(self, pref_id):
        with self.lock:
            pref = self.preferences.get(pref_id)
            if pref is None:
                raise ApiError(404, f"preference {pref_id} not found")
            return dict(pref)

    def update_preference(self, pref_id, body):
        if not isinstance(body, dict):
            raise ApiError(400, "the body must be a JSON object")
        with self.lock:
            pref = self.preferences.get(pref_id)
            if pref is None:
                raise ApiError(404, f"preference {pref_id} not found")
            updated = dict(pref)
            updated.update({k: v for k, v in body.items() if k not in SERVER_FIELDS})
            validate_preference(updated)  # the result must still be a valid preference
            updated["last_updated"] = now_iso()
            self.preferences[pref_id] = updated
            return dict(updated)

    # -- payments ------------------------------------------------------------------------------

    def pay(self, pref_id, status):
        """What happens when the shopper picks a button: returns (payment, redirect URL)."""
        with self.lock:
            pref = self.preferences.get(pref_id)
            if pref is None:
                raise ApiError(404, "this payment link does not exist")
            if is_expired(pref):
                raise ApiError(410, "this payment link has expired")
            payment_id = self.next_payment_id
            self.next_payment_id += 1
            if pref_id not in self.merchant_orders:  # one merchant order per checkout, as at MP
                self.merchant_orders[pref_id] = self.next_merchant_order_id
                self.next_merchant_order_id += 1
            merchant_order_id = self.merchant_orders[pref_id]
            created = now_iso()
            payment = {
                "id": payment_id,
                "status": status,
                "status_detail": STATUS_DETAIL[status],
                "external_reference": pref["external_reference"],
                "transaction_amount": float(preference_total(pref)),
                "transaction_amount_refunded": 0,
                "currency_id": "BRL",
                "date_created": created,
                "date_approved": created if status == "approved" else None,
                "date_last_updated": created,
                "preference_id": pref_id,
                "order": {"id": merchant_order_id, "type": "mercadopago"},
                "payment_type_id": "credit_card",
                "payment_method_id": "visa",
                "collector_id": COLLECTOR_ID,
                "live_mode": False,
            }
            self.payments[payment_id] = payment
            back_url = pref["back_urls"][BACK_URL_FOR_STATUS[status]]
            notification_url = pref["notification_url"]
            send_webhook = self.webhooks_enabled
        redirect = append_query(back_url, [
            ("collection_id", payment_id), ("collection_status", status),
            ("payment_id", payment_id), ("status", status),
            ("external_reference", payment["external_reference"]), ("payment_type", "credit_card"),
            ("merchant_order_id", merchant_order_id), ("preference_id", pref_id),
            ("site_id", "MLB"), ("processing_mode", "aggregator"), ("merchant_account_id", "null"),
        ])
        log(f"payment {payment_id} {status} for preference {pref_id} ({payment['external_reference']})")
        if send_webhook:
            threading.Thread(target=self.deliver_webhook, args=(notification_url, payment_id),
                             name=f"webhook-{payment_id}", daemon=True).start()
        return dict(payment), redirect

    def get_payment(self, payment_id):
        with self.lock:
            payment = self.payments.get(payment_id)
            if payment is None:
                raise ApiError(404, "Payment not found")
            return dict(payment)

    def search_payments(self, external_reference, limit, offset):
        with self.lock:
            found = [dict(p) for p in self.payments.values()
                     if external_reference is None or p["external_reference"] == external_reference]
        return {"paging": {"total": len(found), "limit": limit, "offset": offset},
                "results": found[offset:offset + limit]}

    def refund(self, payment_id, body, idempotency_key):
        if body is not None and not isinstance(body, dict):
            raise ApiError(400, "the body must be a JSON object")
        with self.lock:
            if idempotency_key and idempotency_key in self.refund_keys:
                refund = self.refund_keys[idempotency_key]
                if refund["payment_id"] != payment_id:
                    # Reusing a key for another payment is a client bug; say so instead of
                    # quietly answering with a refund of some other payment.
                    raise ApiError(409, "X-Idempotency-Key already used for another payment")
                return dict(refund)
            payment = self.payments.get(payment_id)
            if payment is None:
                raise ApiError(404, "Payment not found")
            if payment["status"] != "approved":
                raise ApiError(400, f"cannot refund a payment with status {payment['status']}")
            total = money(payment["transaction_amount"])
            already = money(payment.get("transaction_amount_refunded", 0))
            left = total - already
            amount = left
            if body and "amount" in body:
                if not is_number(body["amount"]) or body["amount"] <= 0:
                    raise ApiError(400, "amount must be a number greater than 0")
                amount = money(body["amount"])
                if amount > left:
                    raise ApiError(400, "amount is greater than what is left to refund of the payment")
            created = now_iso()
            refund = {"id": self.next_refund_id, "payment_id": payment_id, "amount": float(amount),
                      "status": "approved", "date_created": created}
            self.next_refund_id += 1
            self.refunds.append(refund)
            payment.setdefault("refunds", []).append(dict(refund))
            if idempotency_key:
                self.refund_keys[idempotency_key] = refund
            # Partial refunds leave the payment approved, as at Mercado Pago; the last one closes it.
            refunded = already + amount
            payment.update({"transaction_amount_refunded": float(refunded), "date_last_updated": created})
            if refunded >= total:
                payment.update({"status": "refunded", "status_detail": "refunded"})
            else:
                payment.update({"status_detail": "partially_refunded"})
            log(f"refund {refund['id']} of payment {payment_id}: {amount} ({refunded} of {total} refunded)")
            return dict(refund)

    def reverse(self, payment_id, status, amount=None):
        with self.lock:
            payment = self.payments.get(payment_id)
            if payment is None:
                raise ApiError(404, "Payment not found")
            total = money(payment["transaction_amount"])
            created = now_iso()
            if status == "refunded":
                refunded = money(amount) if amount is not None else total
                payment.update({"transaction_amount_refunded": float(refunded),
                                "status": "refunded" if refunded >= total else payment["status"],
                                "status_detail": "refunded" if refunded >= total else "partially_refunded"})
            else:
                payment.update({"status": status, "status_detail": status})
            payment["date_last_updated"] = created
            notification_url = self.preferences[payment["preference_id"]]["notification_url"]
            answer = dict(payment)
            send_webhook = self.webhooks_enabled
        log(f"payment {payment_id} {status} at the dashboard")
        if send_webhook:
            threading.Thread(target=self.deliver_webhook, args=(notification_url, payment_id),
                             name=f"webhook-{payment_id}", daemon=True).start()
        return answer

    # -- webhooks ------------------------------------------------------------------------------

    def deliver_webhook(self, notification_url, payment_id):
        url = append_query(notification_url, [("data.id", payment_id), ("type", "payment")])
        with self.lock:
            notification_id = self.next_notification_id
            self.next_notification_id += 1
            record = {"url": url, "status": None, "attempts": 0, "payment_id": payment_id}
            self.webhooks.append(record)
        body = json.dumps({
            "action": "payment.created",
            "api_version": "v1",
            "data": {"id": str(payment_id)},
            "date_created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "id": notification_id,
            "live_mode": False,
            "type": "payment",
            "user_id": str(COLLECTOR_ID),
        }).encode()
        request_id = str(uuid.uuid4())
        ts = str(int(time.time()))
        manifest = f"id:{payment_id};request-id:{request_id};ts:{ts};"
        signature = hmac.new(self.webhook_secret, manifest.encode(), hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "x-request-id": request_id,
                   "x-signature": f"ts={ts},v1={signature}", "User-Agent": "MercadoPago Sandbox WebHook"}
        for attempt in range(1, WEBHOOK_ATTEMPTS + 1):
            status, detail = None, ""
            try:
                request = urllib.request.Request(url, data=body, headers=headers, method="POST")
                with WEBHOOK_OPENER.open(request, timeout=WEBHOOK_TIMEOUT) as response:
                    status = response.status
                    response.read()
            except urllib.error.HTTPError as e:  # a non-2xx answer (the body is irrelevant)
                status = e.code
                e.close()
            except Exception as e:  # refused, reset, timed out, bad URL: no HTTP status at all
                detail = f" ({e})"
            with self.lock:
                record["attempts"] = attempt
                record["status"] = status
            delivered = status is not None and 200 <= status < 300
            log(f"webhook payment {payment_id} attempt {attempt}/{WEBHOOK_ATTEMPTS} -> {url}: "
                f"{status if status is not None else 'no answer'}{detail}"
                f"{'' if delivered else ' (failed)'}")
            if delivered or attempt == WEBHOOK_ATTEMPTS:
                return
            if self.stopping.wait(WEBHOOK_RETRY_DELAY):  # shutting down: give up quietly
                return

    # -- test controls -------------------------------------------------------------------------

    def state(self):
        with self.lock:
            # Serialised under the lock, so the snapshot is consistent.
            return json.loads(json.dumps({
                "mode": self.mode,
                "webhooks_enabled": self.webhooks_enabled,
                "preferences": list(self.preferences.values()),
                "payments": list(self.payments.values()),
                "refunds": self.refunds,
                "webhooks": self.webhooks,
            }))


# ---------------------------------------------------------------------------------------------
# HTML pages
# ---------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Mercado Pago sandbox</title>
<style>
  body {{ font-family: system-ui, sans-serif; margin: 0; background: #f4f4f4; color: #222; }}
  header {{ background: #009ee3; color: #fff; padding: 0.8rem 1rem; font-weight: bold; }}
  main {{ max-width: 40rem; margin: 1rem auto; background: #fff; padding: 1rem 1.2rem; border-radius: 6px; }}
  table {{ width: 100%; border-collapse: collapse; }}
  th, td {{ text-align: left; padding: 0.4rem 0.3rem; border-bottom: 1px solid #ddd; }}
  td.num, th.num {{ text-align: right; white-space: nowrap; }}
  .total {{ font-size: 1.2rem; font-weight: bold; text-align: right; }}
  .buttons {{ display: flex; flex-wrap: wrap; gap: 0.6rem; margin-top: 1rem; }}
  button {{ flex: 1 1 10rem; padding: 0.8rem; font-size: 1rem; border: 0; border-radius: 4px; cursor: pointer; }}
  button[value=approve] {{ background: #00a650; color: #fff; }}
  button[value=pending] {{ background: #ffb300; }}
  button[value=reject] {{ background: #e53935; color: #fff; }}
  .note {{ color: #666; font-size: 0.9rem; }}
</style>
</head>
<body>
<header>Mercado Pago sandbox</header>
<main>
{body}
</main>
</body>
</html>
"""


def page(title, body):
    return PAGE.format(title=html.escape(title), body=body)


def message_page(title, text):
    return page(title, f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(text)}</p>")


def expiry_text(pref):
    if not pref.get("expires"):
        return "This payment link does not expire."
    date_to = datetime.datetime.fromisoformat(pref["expiration_date_to"])
    return f"This payment link expires on {date_to.strftime('%d/%m/%Y at %H:%M:%S')} (UTC{date_to.strftime('%z')[:3]}:{date_to.strftime('%z')[3:]})."


def checkout_page(pref):
    rows = []
    for item in pref["items"]:
        price = money(item["unit_price"])
        rows.append(
            f"<tr><td>{html.escape(item['title'])}</td><td class=\"num\">{item['quantity']}</td>"
            f"<td class=\"num\">{brl(price)}</td><td class=\"num\">{brl(price * item['quantity'])}</td></tr>")
    expires_attr = html.escape(pref.get("expiration_date_to", "")) if pref.get("expires") else ""
    body = f"""<h1>Pay your order</h1>
<p class="note">Order {html.escape(pref['external_reference'])}. This is a test checkout: no money moves.</p>
<table>
<thead><tr><th>Item</th><th class="num">Quantity</th><th class="num">Unit price</th><th class="num">Subtotal</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p class="total" data-total="{preference_total(pref)}">Total: {brl(preference_total(pref))}</p>
<p class="note" data-expires="{expires_attr}">{html.escape(expiry_text(pref))}</p>
<form method="post" action="/checkout/v1/pay">
<input type="hidden" name="pref_id" value="{html.escape(pref['id'])}">
<div class="buttons">
<button type="submit" name="choice" value="approve">Approve payment</button>
<button type="submit" name="choice" value="pending">Leave pending</button>
<button type="submit" name="choice" value="reject">Reject payment</button>
</div>
</form>
"""
    return page("Pay your order", body)


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

ROUTES = [
    # (method, path pattern, handler method name)
    ("POST", r"/checkout/preferences", "api_create_preference"),
    ("GET", r"/checkout/preferences/(?P<pref_id>[^/]+)", "api_get_preference"),
    ("PUT", r"/checkout/preferences/(?P<pref_id>[^/]+)", "api_update_preference"),
    ("GET", r"/v1/payments/search", "api_search_payments"),
    ("GET", r"/v1/payments/(?P<payment_id>\d+)", "api_get_payment"),
    ("POST", r"/v1/payments/(?P<payment_id>\d+)/refunds", "api_refund"),
    ("GET", r"/checkout/v1/redirect", "page_checkout"),
    ("POST", r"/checkout/v1/pay", "page_pay"),
    ("POST", r"/__sandbox/mode", "control_mode"),
    ("POST", r"/__sandbox/webhooks", "control_webhooks"),
    ("POST", r"/__sandbox/pay", "control_pay"),
    ("POST", r"/__sandbox/reverse", "control_reverse"),
    ("GET", r"/__sandbox/state", "control_state"),
    ("POST", r"/__sandbox/reset", "control_reset"),
]
ROUTES = [(method, re.compile(pattern + r"/?\Z"), name) for method, pattern, name in ROUTES]


def is_api_path(path):
    return path == "/checkout/preferences" or path.startswith("/checkout/preferences/") or path.startswith("/v1/")


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 so that "Expect: 100-continue" (libcurl sends it for larger bodies) is answered
    # at once instead of costing the store a one-second wait; every answer has Content-Length.
    protocol_version = "HTTP/1.1"
    server_version = "MercadoPagoSandbox/1.0"
    timeout = 120  # idle keep-alive connections are dropped after this

    @property
    def sandbox(self):
        return self.server.sandbox

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_PATCH(self):
        self.dispatch("PATCH")

    # One line per request from dispatch(); the base class's own request line would double it.
    def log_request(self, code="-", size="-"):
        pass

    def log_message(self, format, *args):
        log(f"{self.address_string()} {format % args}")

    def dispatch(self, method):
        started = time.monotonic()
        self.status_sent = None
        split = urllib.parse.urlsplit(self.path)
        path = split.path
        # How errors look: HTML for the shopper's pages, JSON for everything else.
        self.as_html = path.startswith("/checkout/v1/")
        try:
            try:
                self.route(method, path, urllib.parse.parse_qs(split.query))
            except ApiError as e:
                self.send_error_answer(e)
        except ConnectionError:  # the client went away (e.g. its own timeout fired first)
            self.close_connection = True
        except Exception:
            log("internal error:\n" + traceback.format_exc())
            self.close_connection = True
            if self.status_sent is None:
                try:
                    self.send_error_answer(ApiError(500, "internal sandbox error"))
                except OSError:
                    pass
        finally:
            elapsed = (time.monotonic() - started) * 1000
            log(f"{method} {self.path} {self.status_sent or '-'} {elapsed:.1f}ms")

    def route(self, method, path, query):
        # The body is always read first: on a keep-alive connection an unread body would be
        # taken for the next request.
        body = self.read_body()
        if is_api_path(path):
            with self.sandbox.lock:
                mode = self.sandbox.mode
            if mode == "error500":
                raise ApiError(500, "internal_error (sandbox mode error500)")
            if mode == "malformed":
                self.send_raw(200, "application/json", b'{"id": ')
                return
            if mode == "timeout":
                # Long enough for any client timeout to fire; cut short only by shutdown.
                if self.sandbox.stopping.wait(TIMEOUT_MODE_SLEEP):
                    self.close_connection = True  # shutting down: hang up without an answer
                    return
            auth = self.headers.get("Authorization", "")
            expected = f"Bearer {self.sandbox.access_token}"
            if not hmac.compare_digest(auth.encode(), expected.encode()):
                raise ApiError(401, "invalid access token")
        allowed = []
        for route_method, pattern, name in ROUTES:
            match = pattern.match(path)
            if match:
                if route_method == method:
                    getattr(self, name)(body=body, query=query, **match.groupdict())
                    return
                allowed.append(route_method)
        if allowed:
            raise ApiError(405, f"method {method} not allowed here (use {', '.join(allowed)})")
        raise ApiError(404, f"resource {path} not found")

    # -- reading -------------------------------------------------------------------------------

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks, size = [], 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    length = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    self.close_connection = True
                    raise ApiError(400, "bad chunked body")
                if length == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                size += length
                if size > MAX_BODY:
                    self.close_connection = True
                    raise ApiError(413, "request body too large")
                chunks.append(self.rfile.read(length))
                self.rfile.readline(1024)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise ApiError(400, "bad Content-Length")
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            raise ApiError(413, "request body too large")
        return self.rfile.read(length) if length else b""

    @staticmethod
    def json_body(body, required=True):
        if not body.strip():
            if required:
                raise ApiError(400, "a JSON body is required")
            return None

        def reject_constant(name):
            raise ValueError(f"{name} is not JSON")

        try:
            return json.loads(body, parse_constant=reject_constant)
        except (ValueError, UnicodeDecodeError) as e:
            raise ApiError(400, f"invalid JSON: {e}")

    def form_body(self, body):
        try:
            return {k: v[0] for k, v in urllib.parse.parse_qs(body.decode(), keep_blank_values=True).items()}
        except UnicodeDecodeError:
            raise ApiError(400, "the form is not UTF-8")

    # -- writing -------------------------------------------------------------------------------

    def send_raw(self, status, content_type, data, headers=()):
        self.send_response(status)
        self.status_sent = status
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_json(self, status, obj):
        self.send_raw(status, "application/json; charset=utf-8", json.dumps(obj).encode())

    def send_html(self, status, text, headers=()):
        self.send_raw(status, "text/html; charset=utf-8", text.encode(), headers)

    def send_error_answer(self, e):
        if self.as_html:
            titles = {404: "Payment link not found", 410: "Payment link expired"}
            self.send_html(e.status, message_page(titles.get(e.status, "Something went wrong"), e.message))
        else:
            self.send_json(e.status, {"message": e.message, "error": e.error, "status": e.status, "cause": []})

    # -- API -----------------------------------------------------------------------------------

    def api_create_preference(self, body, query):
        key = self.headers.get("X-Idempotency-Key")
        self.send_json(201, self.sandbox.create_preference(self.json_body(body), key))

    def api_get_preference(self, body, query, pref_id):
        self.send_json(200, self.sandbox.get_preference(pref_id))

    def api_update_preference(self, body, query, pref_id):
        self.send_json(200, self.sandbox.update_preference(pref_id, self.json_body(body)))

    def api_search_payments(self, body, query):
        def number(name, default, low, high):
            try:
                value = int(query.get(name, [default])[0])
            except ValueError:
                raise ApiError(400, f"{name} must be an integer")
            if not low <= value <= high:
                raise ApiError(400, f"{name} must be between {low} and {high}")
            return value

        reference = query.get("external_reference", [None])[0]
        self.send_json(200, self.sandbox.search_payments(reference, number("limit", 30, 1, 1000),
                                                         number("offset", 0, 0, 10 ** 9)))

    def api_get_payment(self, body, query, payment_id):
        self.send_json(200, self.sandbox.get_payment(int(payment_id)))

    def api_refund(self, body, query, payment_id):
        key = self.headers.get("X-Idempotency-Key")
        refund = self.sandbox.refund(int(payment_id), self.json_body(body, required=False), key)
        self.send_json(201, refund)

    # -- checkout page -------------------------------------------------------------------------

    def page_checkout(self, body, query):
        pref_id = query.get("pref_id", [""])[0]
        if not pref_id:
            raise ApiError(400, "the link has no pref_id")
        pref = self.sandbox.get_preference(pref_id)  # 404 page if unknown
        if is_expired(pref):
            raise ApiError(410, "This payment link has expired. Go back to the store and place the order again.")
        self.send_html(200, checkout_page(pref))

    def page_pay(self, body, query):
        form = self.form_body(body)
        choice = form.get("choice", "")
        if choice not in PAYMENT_CHOICES:
            raise ApiError(400, "choose approve, pending or reject")
        if not form.get("pref_id"):
            raise ApiError(400, "the form has no pref_id")
        try:
            payment, redirect = self.sandbox.pay(form["pref_id"], PAYMENT_CHOICES[choice])
        except ApiError as e:
            if e.status == 410:
                e.message = "This payment link has expired, so it cannot be paid. Go back to the store and place the order again."
            raise
        link = html.escape(redirect)
        self.send_html(302, page("Back to the store", f'<p>Payment {payment["id"]} is {payment["status"]}. '
                                                      f'<a href="{link}">Back to the store</a></p>'),
                       headers=[("Location", redirect)])

    # -- test controls -------------------------------------------------------------------------

    def control_mode(self, body, query):
        data = self.json_body(body)
        mode = data.get("mode") if isinstance(data, dict) else None
        if mode not in MODES:
            raise ApiError(400, f"mode must be one of {', '.join(MODES)}")
        with self.sandbox.lock:
            self.sandbox.mode = mode
        log(f"mode is now {mode}")
        self.send_json(200, {"mode": mode})

    def control_webhooks(self, body, query):
        data = self.json_body(body)
        enabled = data.get("enabled") if isinstance(data, dict) else None
        if not isinstance(enabled, bool):
            raise ApiError(400, "enabled must be true or false")
        with self.sandbox.lock:
            self.sandbox.webhooks_enabled = enabled
        log(f"webhooks {'enabled' if enabled else 'disabled'}")
        self.send_json(200, {"enabled": enabled})

    def control_pay(self, body, query):
        data = self.json_body(body)
        if not isinstance(data, dict) or not isinstance(data.get("preference_id"), str):
            raise ApiError(400, "preference_id must be a string")
        if data.get("status") not in STATUS_DETAIL:
            raise ApiError(400, "status must be approved, pending or rejected")
        payment, redirect = self.sandbox.pay(data["preference_id"], data["status"])
        self.send_json(200, {"payment_id": payment["id"], "redirect_url": redirect})

    def control_reverse(self, body, query):
        """What the seller's dashboard or the card network can do to a settled payment: refund it
        there (all, or `amount`), or charge it back / cancel it; then the webhook is sent."""
        data = self.json_body(body)
        if not isinstance(data, dict) or not isinstance(data.get("payment_id"), int):
            raise ApiError(400, "payment_id must be a number")
        if data.get("status") not in ("refunded", "charged_back", "cancelled"):
            raise ApiError(400, "status must be refunded, charged_back or cancelled")
        payment = self.sandbox.reverse(data["payment_id"], data["status"], data.get("amount"))
        self.send_json(200, payment)

    def control_state(self, body, query):
        self.send_json(200, self.sandbox.state())

    def control_reset(self, body, query):
        self.sandbox.reset()
        log("state reset")
        self.send_json(200, {"reset": True})


class SandboxServer(ThreadingHTTPServer):
    # Many shoppers pay at once in the tests: the default backlog of 5 resets connections.
    request_queue_size = 128
    daemon_threads = True  # a request stuck in timeout mode must not hold up exit


def main(argv=None):
    parser = argparse.ArgumentParser(description="Local Mercado Pago stand-in for Reserva's tests and demo.")
    parser.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--access-token", required=True, help="the Bearer token API calls must carry")
    parser.add_argument("--webhook-secret", required=True, help="HMAC secret for the webhook x-signature")
    args = parser.parse_args(argv)

    try:
        server = SandboxServer(("127.0.0.1", args.port), Handler)
    except OSError as e:
        log(f"cannot listen on 127.0.0.1:{args.port}: {e}")
        return 1
    port = server.server_address[1]
    sandbox = Sandbox(f"http://127.0.0.1:{port}", args.access_token, args.webhook_secret)
    server.sandbox = sandbox

    # serve_forever runs in a thread so that the main thread can wait for a signal and then call
    # shutdown(), which would deadlock if called from the thread running serve_forever.
    def on_signal(signum, frame):
        sandbox.stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="serve")
    thread.start()
    log(f"listening on http://127.0.0.1:{port}")
    while not sandbox.stopping.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    thread.join()
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
