#!/usr/bin/env python3
"""One purchase through the installed package (scripts/package-test runs it inside the test root):
a shopper adds a variant to the cart, checks out, pays at the payment sandbox, comes back through
the payment return, and the sandbox's webhook is answered; prints the order id. Uses the
integration harness's Shopper, pointed at the web server (HTTPS) and the sandbox on 8081.

    purchase.py PRODUCT COLOR SIZE"""
import http.client
import os
import ssl
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

# The shipped nginx site is HTTPS only, for shop.example.com: the harness's requests to the store
# (port 443) go there over TLS, checked against this root's trust store; the sandbox stays plain.
harness.HTTP_PORT, harness.SANDBOX_PORT = 443, 8081
_plain = http.client.HTTPConnection


def _connection(host, port, timeout=None, **options):
    if port == 443:
        return http.client.HTTPSConnection("shop.example.com", port, timeout=timeout,
                                           context=ssl.create_default_context(), **options)
    return _plain(host, port, timeout=timeout, **options)


http.client.HTTPConnection = _connection


def main(product, color, size):
    shopper = harness.Shopper()
    r = shopper.add(product, color, size)
    harness.expect_equal(r.status, 303, f"add to cart: {r.text[:200]}")
    harness.expect_equal(shopper.cart()[1], {(product, color, size): 1}, "the cart")
    r = harness.confirm(shopper)
    harness.expect_equal(r.status, 303, f"checkout: {r.text[:300]}")
    preference = harness.preference_of(r.header("Location"))
    payment_id, return_path = harness.pay(preference)
    r = shopper.get(return_path)
    location = r.header("Location") or ""
    harness.expect(r.status == 303 and location.startswith("/order_approved/"), f"the payment return: {r.status} {location}")
    order = location.split("/")[2]
    deadline = time.time() + 20
    while not any(w["status"] == 200 for w in harness.sandbox_state()["webhooks"] if f"data.id={payment_id}" in w["url"]):
        harness.expect(time.time() < deadline, f"the webhook was answered 200: {harness.sandbox_state()['webhooks']}")
        time.sleep(0.2)
    page = shopper.get(f"/order_approved/{order}/")
    harness.expect("is confirmed" in page.text, "the order page says it is confirmed")
    print(order)


if __name__ == "__main__":
    main(*sys.argv[1:4])
