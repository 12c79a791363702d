#!/usr/bin/env python3
"""The back office's orders (SPEC section 8, section 5's states): the inbox with its filters,
counts, search and pages; one order in full; shipping (one "on its way" e-mail, 409 the second
time) and delivery seen on the shop's pages; notes; a chargeback or a dashboard refund flagged;
the store's copy of each order; the accountant's CSV."""
import re
import time
import urllib.parse
import uuid

from harness import Shopper, expect, expect_equal, run, sandbox, sql, sql_value, test
from staff_client import messages_to, notify_address, paid_order, signed_in, wait_for

def inbox_rows(html):
    rows = []
    for tag in re.findall(r'<tr class="order-row[^"]*"[^>]*>', html):
        attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))
        rows.append((attrs["order-id"], attrs["order-state"], int(attrs["order-total"]), "flagged" in tag))
    return rows


@test
def a_paid_order_shows_in_the_inbox_with_its_state_and_total_and_filters_count_it():
    _, _, order, _, email = paid_order(units=2, price="80.00")
    staff, _ = signed_in("staff")
    page = staff.get("/admin/orders/")
    expect_equal(page.status, 200, "the inbox")
    rows = inbox_rows(page.text)
    expect((order, "paid", 16000, False) in rows, f"order {order} in {rows[:5]}")
    ids = [int(r[0]) for r in rows]
    expect_equal(ids, sorted(ids, reverse=True), "newest first")
    paid = staff.get("/admin/orders/?state=paid")
    expect(order in [r[0] for r in inbox_rows(paid.text)], "under paid")
    expect(all(r[1] == "paid" for r in inbox_rows(paid.text)), "only paid ones")
    expect(order not in [r[0] for r in inbox_rows(staff.get("/admin/orders/?state=shipped").text)], "not under shipped")
    counts = dict(re.findall(r'data-filter-state="([a-z_]*)" data-count="(\d+)"', page.text))
    expect_equal(set(counts), {"", "awaiting_payment", "paid", "shipped", "delivered", "refunded", "cancelled"}, "one filter per state")
    expect_equal(int(counts["paid"]), int(sql_value(
        "SELECT COUNT(*) FROM shop_order WHERE end_date IS NOT NULL AND shipped_at IS NULL AND refunded_cents < total_cents")),
        "the paid count")
    expect_equal(staff.get("/admin/orders/?state=nonsense").status, 400, "an unknown state")


@test
def search_finds_an_order_by_number_e_mail_or_name():
    shopper = Shopper()
    name = f"Zélia z{uuid.uuid4().hex[:6]}"  # a letter first: all digits would read as an order id
    shopper.post("/register/", {"email": f"z-{uuid.uuid4().hex[:8]}@example.com", "password": "a long shopper password",
                                "name": name})
    _, _, order, _, _ = paid_order(shopper=shopper)
    email = sql_value(f"SELECT COALESCE(o.email, c.email) FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = {order}")
    staff, _ = signed_in("staff")
    for q in (order, f"%23{order}", email.split("@")[0], urllib.parse.quote(name.split()[1])):
        found = [r[0] for r in inbox_rows(staff.get(f"/admin/orders/?q={q}").text)]
        expect(order in found, f"q={q}: {found}")
    expect_equal(inbox_rows(staff.get("/admin/orders/?q=nobody-at-all-zz").text), [], "no match")
    expect_equal(inbox_rows(staff.get("/admin/orders/?q=%25%25%25").text), [], "% is text, not a wildcard")


@test
def the_inbox_has_fifty_orders_a_page_newest_first():
    client = sql_value("SELECT MIN(id) FROM client")
    sql("INSERT INTO shop_order (client_id, end_date, total_cents, email) SELECT " + client +
        ", NOW(3), 1000, 'bulk@example.com' FROM seq_1_to_55")
    staff, _ = signed_in("staff")
    first = inbox_rows(staff.get("/admin/orders/?q=bulk%40example.com").text)
    expect_equal(len(first), 50, "fifty on the first page")
    page = staff.get("/admin/orders/?q=bulk%40example.com")
    expect('page=2' in page.text, "a link to the next page")
    second = inbox_rows(staff.get("/admin/orders/?q=bulk%40example.com&page=2").text)
    expect(len(second) >= 5, f"the rest on the second: {len(second)}")
    expect(int(first[-1][0]) > int(second[0][0]), "older ones on the next page")


@test
def the_order_page_shows_what_was_paid_payments_address_and_timeline():
    variant, _, order, payment_id, email = paid_order(units=3, price="45.50")
    staff, _ = signed_in("staff")
    page = staff.get(f"/admin/orders/{order}/")
    expect_equal(page.status, 200, "the order page")
    lines = re.findall(r'<tr class="order-line" data-line-id="(\d+)" data-product="(\d+)" data-color="(\d+)" data-size="([^"]*)" data-quantity="(\d+)"', page.text)
    expect_equal([(l[1], l[2], l[3], l[4]) for l in lines], [(variant[0], variant[1], variant[2], "3")], "the paid line")
    expect(f'data-payment-id="{payment_id}" data-payment-status="approved"' in page.text, "the gateway payment")
    expect(email in page.text and "Rua Augusta" in page.text and "01304001" in page.text or "01304-001" in page.text,
           "e-mail and address")
    expect("R$ 136,50" in page.text, "the total in Brazilian form")
    expect("Payment approved" in page.text, "the timeline")
    expect_equal(staff.get("/admin/orders/999999999/").status, 404, "an unknown order")


@test
def shipping_sends_one_email_shows_on_the_shop_and_is_409_the_second_time():
    _, shopper, order, _, email = paid_order()
    staff, staff_email = signed_in("staff")
    staff.get(f"/admin/orders/{order}/")
    r = staff.post(f"/admin/orders/{order}/ship", {"carrier": "Correios", "tracking": "BR123456789BR"})
    expect_equal(r.status, 303, r.text[:300])
    expect_equal(r.header("Location"), f"/admin/orders/{order}/", "back to the order")
    expect(wait_for(lambda: any("on its way" in (m["subject"] or "") for m in messages_to(email))), "the e-mail arrives")
    shipped_mail = [m for m in messages_to(email) if "on its way" in (m["subject"] or "")]
    expect_equal(len(shipped_mail), 1, "one e-mail")
    expect("BR123456789BR" in shipped_mail[0]["text"] and "Correios" in shipped_mail[0]["text"], "with the tracking code")
    staff.get(f"/admin/orders/{order}/")
    again = staff.post(f"/admin/orders/{order}/ship", {"carrier": "Jadlog", "tracking": "OTHER"})
    expect_equal(again.status, 409, "shipped already")
    time.sleep(3)
    expect_equal(len([m for m in messages_to(email) if "on its way" in (m["subject"] or "")]), 1, "still one e-mail")
    expect_equal(sql_value(f"SELECT tracking FROM shop_order WHERE id = {order}"), "BR123456789BR", "unchanged")
    shop = shopper.get(f"/order_approved/{order}/")
    expect('data-order-state="shipped"' in shop.text and "BR123456789BR" in shop.text, "the shop's order page")
    expect(sql_value(f"SELECT COUNT(*) FROM audit_log WHERE action = 'order.ship' AND who = '{staff_email}'"
                     f" AND subject = 'order #{order}'") == "1", "an audit row")
    admin_page = staff.get(f"/admin/orders/{order}/")
    expect('data-order-state="shipped"' in admin_page.text and staff_email in admin_page.text, "the timeline says who")


@test
def ship_without_the_sessions_token_is_refused_and_sends_nothing():
    _, _, order, _, email = paid_order()
    staff, _ = signed_in("staff")
    other, _ = signed_in("staff")
    staff.get(f"/admin/orders/{order}/")
    form = {"carrier": "Correios", "tracking": "CSRF1"}
    expect_equal(staff.post(f"/admin/orders/{order}/ship", form, token=None).status, 403, "no token")
    expect_equal(staff.post(f"/admin/orders/{order}/ship", form, token=other.token).status, 403, "another session's token")
    expect_equal(staff.post(f"/admin/orders/{order}/note", {"text": "x"}, token=None).status, 403, "a note without a token")
    expect_equal(sql_value(f"SELECT shipped_at IS NULL FROM shop_order WHERE id = {order}"), "1", "not shipped")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM mail_outbox WHERE order_id = {order} AND kind = 'shipped'"), "0", "no e-mail")


@test
def a_signed_in_shopper_sees_state_and_tracking_on_my_orders():
    shopper = Shopper()
    shopper.post("/register/", {"email": f"mine-{uuid.uuid4().hex[:8]}@example.com", "password": "a long shopper password",
                                "name": "Rita"})
    _, _, order, _, _ = paid_order(shopper=shopper)
    mine = shopper.get("/my_orders/")
    expect(re.search(rf'data-order-id="{order}" data-order-state="paid"', mine.text), "paid on /my_orders/")
    staff, _ = signed_in("staff")
    staff.get(f"/admin/orders/{order}/")
    staff.post(f"/admin/orders/{order}/ship", {"carrier": "Loggi", "tracking": "LG-42"})
    mine = shopper.get("/my_orders/")
    expect(re.search(rf'data-order-id="{order}" data-order-state="shipped"', mine.text), "shipped on /my_orders/")
    expect("LG-42" in mine.text, "with the tracking code")


@test
def deliver_only_after_shipping_and_only_once():
    _, shopper, order, _, _ = paid_order()
    staff, _ = signed_in("staff")
    staff.get(f"/admin/orders/{order}/")
    expect_equal(staff.post(f"/admin/orders/{order}/deliver").status, 409, "not shipped yet")
    staff.post(f"/admin/orders/{order}/ship", {"carrier": "Correios", "tracking": "X1"})
    staff.get(f"/admin/orders/{order}/")
    expect_equal(staff.post(f"/admin/orders/{order}/deliver").status, 303, "delivered")
    expect_equal(staff.post(f"/admin/orders/{order}/deliver").status, 409, "delivered already")
    expect('data-order-state="delivered"' in shopper.get(f"/order_approved/{order}/").text, "on the shop")


@test
def notes_go_on_the_timeline_with_who_and_empty_ones_are_refused():
    _, _, order, _, _ = paid_order()
    staff, staff_email = signed_in("staff")
    staff.get(f"/admin/orders/{order}/")
    expect_equal(staff.post(f"/admin/orders/{order}/note", {"text": "Customer asked for gift wrap <b>please</b>"}).status,
                 303, "a note")
    expect_equal(staff.post(f"/admin/orders/{order}/note", {"text": "   "}).status, 400, "an empty note")
    page = staff.get(f"/admin/orders/{order}/")
    expect("gift wrap &lt;b&gt;please&lt;/b&gt;" in page.text, "shown, escaped")
    expect(re.search(r'data-kind="note"><span class="when">[^<]*' + re.escape(staff_email), page.text), "with who")


@test
def staff_may_not_refund_or_export_and_nothing_happens():
    _, _, order, payment_id, _ = paid_order()
    staff, _ = signed_in("staff")
    page = staff.get(f"/admin/orders/{order}/")
    expect('class="refund-form"' not in page.text, "no refund form for staff")
    r = staff.post(f"/admin/orders/{order}/refund", {"amount": "10,00", "reason": "x", "key": "ab" * 16})
    expect_equal(r.status, 403, "refund by staff")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM refund WHERE gateway_payment_id = '{payment_id}'"), "0", "no refund row")
    expect_equal(staff.get("/admin/export/orders.csv").status, 403, "the export")


@test
def the_owner_exports_orders_as_csv():
    _, _, order, _, email = paid_order(units=1, price="12.34")
    owner, _ = signed_in("owner")
    r = owner.get("/admin/export/orders.csv")
    expect_equal(r.status, 200, "the export")
    expect(r.header("Content-Type").startswith("text/csv"), r.header("Content-Type"))
    lines = r.text.split("\r\n")
    expect_equal(lines[0], "order,paid_at,state,email,name,units,total,refunded,net", "the header row")
    row = [l for l in lines if l.startswith(f"{order},")]
    expect(row and row[0].endswith(f",paid,{email},,1,12.34,0.00,12.34") or (row and f",paid,{email}," in row[0]), f"the row: {row}")
    expect(f"{order}," in owner.get(f"/admin/export/orders.csv?from=2020-01-01&to=2099-12-31").text, "within from/to")
    expect(f"\r\n{order}," not in owner.get("/admin/export/orders.csv?from=2020-01-01&to=2020-01-02").text, "outside from/to")
    expect_equal(owner.get("/admin/export/orders.csv?from=yesterday").status, 400, "a bad date")


@test
def the_store_gets_its_own_copy_of_each_new_order():
    notify = notify_address()
    expect(notify, "the test stack sets [mail] notify")
    _, _, order, _, _ = paid_order()
    expect(wait_for(lambda: any(f"new order #{order} " in (m["subject"] or "") for m in messages_to(notify))),
           "the store's copy")
    copies = [m for m in messages_to(notify) if f"new order #{order} " in (m["subject"] or "")]
    expect_equal(len(copies), 1, "one copy")


@test
def a_chargeback_at_the_gateway_is_recorded_flagged_and_blocks_shipping():
    _, _, order, payment_id, _ = paid_order()
    code, answer = sandbox("/__sandbox/reverse", {"payment_id": int(payment_id), "status": "charged_back"})
    expect_equal(code, 200, answer)
    expect(wait_for(lambda: sql_value(f"SELECT gateway_alert FROM shop_order WHERE id = {order}") == "charged_back"),
           "recorded from the webhook")
    staff, _ = signed_in("staff")
    rows = {r[0]: r for r in inbox_rows(staff.get("/admin/orders/").text)}
    expect(rows[order][3], "flagged in the inbox")
    page = staff.get(f"/admin/orders/{order}/")
    expect("chargeback" in page.text and 'class="ship-form"' not in page.text, "no ship form")
    expect_equal(staff.post(f"/admin/orders/{order}/ship", {"carrier": "Correios", "tracking": "NO"}).status, 409,
                 "shipping refused")


@test
def a_refund_made_at_the_gateways_dashboard_is_recorded_on_the_order():
    _, shopper, order, payment_id, _ = paid_order(units=2, price="50.00")
    code, answer = sandbox("/__sandbox/reverse", {"payment_id": int(payment_id), "status": "refunded", "amount": 30.0})
    expect_equal(code, 200, answer)
    expect(wait_for(lambda: sql_value(f"SELECT refunded_cents FROM shop_order WHERE id = {order}") == "3000"),
           "the refunded amount")
    staff, _ = signed_in("staff")
    page = staff.get(f"/admin/orders/{order}/")
    expect('data-refund-cents="3000"' in page.text and "at Mercado Pago" in page.text, "the refund on the order")
    expect(f'data-order-id="{order}" data-order-state="paid"' in staff.get("/admin/orders/").text, "a partial refund leaves the state")
    expect('data-refund-cents="3000"' in shopper.get(f"/order_approved/{order}/").text, "and the shopper sees it")


run()
