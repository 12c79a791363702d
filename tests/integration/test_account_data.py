#!/usr/bin/env python3
"""Issue 18: password reset by e-mail, My account, my data (LGPD export), deleting the account,
and the owner's erasure of a guest's personal data."""
import hashlib
import json
import time

from accounts_support import (PASSWORD, link_in, log_in, messages_to, new_email, register, signed_in,
                              wait_for_messages)
from harness import (ADDRESS, Shopper, confirm, ctl, expect, expect_equal, make_variant, pay, preference_of, run, sql,
                     sql_value, test, wait_for)

NEW_PASSWORD = "a brand new secret"


def fresh_reset_counters():
    """Reset requests are counted per address for an hour: each test starts from none, so that
    the file can run twice on one stack."""
    sql("DELETE FROM throttle WHERE scope IN ('reset_address', 'reset_email')")


def reset_mails(email):
    return [m for m in messages_to(email) if "choose a new password" in m["subject"]]


def reset_link_for(email, shopper=None):
    """Asks for a reset and returns the link's path from the e-mail."""
    before = len(reset_mails(email))
    r = (shopper or Shopper()).post("/password_reset/", {"email": email})
    expect_equal(r.status, 200, "the request is answered")
    expect(wait_for(lambda: len(reset_mails(email)) > before), "a reset e-mail arrives")
    found = reset_mails(email)
    expect_equal(len(found), before + 1, "one reset e-mail")
    link = link_in(found[-1], "/password_reset/")
    expect(link, f"the e-mail has the link: {found[-1]['text']}")
    return link, found[-1]


def buyer_with_order(price="80.00"):
    """A registered shopper with one paid order shipped to ADDRESS: (shopper, email, order id)."""
    variant = make_variant(5, price=price)
    shopper, email = Shopper(), new_email("buyer")
    register(shopper, email)
    form = {k: v for k, v in ADDRESS.items() if k != "email"}
    shopper.post("/addresses/", dict(form, action="add"))
    shopper.add(*variant)
    r = confirm(shopper)
    payment_id, path = pay(preference_of(r.header("Location")))
    shopper.get(path)
    order = sql_value(f"SELECT order_id FROM payment WHERE gateway_payment_id = '{payment_id}'")
    return shopper, email, order


@test
def a_reset_link_works_once_and_ends_every_other_session():
    fresh_reset_counters()
    email = new_email()
    phone, laptop = Shopper(), Shopper()
    register(phone, email)
    log_in(laptop, email)
    expect(signed_in(phone) and signed_in(laptop), "signed in on two devices")
    link, mail = reset_link_for(email)
    expect(mail["html"] and link in mail["html"], "the HTML part has the link too")
    expect("60 minutes" in mail["text"], "the e-mail says how long the link lasts")
    token = link.strip("/").split("/")[-1]
    expect_equal(sql_value(f"SELECT COUNT(*) FROM account_link WHERE token_hash = '{token}'"), "0", "the token is not stored")
    expect_equal(sql_value("SELECT COUNT(*) FROM account_link WHERE token_hash = '"
                           f"{hashlib.sha256(token.encode()).hexdigest()}'"), "1", "its hash is")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM mail_outbox WHERE body_text LIKE '%{token}%'"), "0",
                 "the sent e-mail's words are wiped from the outbox")
    visitor = Shopper()
    page = visitor.get(link)
    expect_equal(page.status, 200, "the link opens the form")
    expect('name="password"' in page.text, "with a password field")
    r = visitor.post(link, {"password": NEW_PASSWORD})
    expect_equal((r.status, r.header("Location")), (303, "/login/"), "saved, on to sign in")
    expect("new password is saved" in visitor.get("/login/").text, "the sign-in page says so")
    expect(not signed_in(phone) and not signed_in(laptop), "every other session ended")
    expect_equal(log_in(Shopper(), email).status, 400, "the old password is refused")
    expect_equal(log_in(Shopper(), email, NEW_PASSWORD).status, 303, "the new one works")
    again = Shopper().post(link, {"password": "third password here"})
    expect_equal(again.status, 410, "a used link does not work again")
    expect("no longer valid" in again.text, "and says so")
    expect_equal(log_in(Shopper(), email, NEW_PASSWORD).status, 303, "nothing changed by it")
    expect_equal(Shopper().get(link).status, 410, "not even its form")
    expect(wait_for(lambda: any("password changed" in m["subject"] for m in messages_to(email))),
           "a note that the password changed went to the account")


@test
def a_reset_link_lasts_one_hour():
    fresh_reset_counters()
    email = new_email()
    register(Shopper(), email)
    link, _ = reset_link_for(email)
    token_hash = hashlib.sha256(link.strip("/").split("/")[-1].encode()).hexdigest()
    expect_equal(sql_value(f"SELECT TIMESTAMPDIFF(MINUTE, created_at, expires_at) FROM account_link "
                           f"WHERE token_hash = '{token_hash}'"), "60", "valid for one hour")
    sql(f"UPDATE account_link SET created_at = created_at - INTERVAL 61 MINUTE, expires_at = expires_at - INTERVAL 61 MINUTE"
        f" WHERE token_hash = '{token_hash}'")
    expect_equal(Shopper().get(link).status, 410, "an hour later it shows that it is no longer valid")
    r = Shopper().post(link, {"password": NEW_PASSWORD})
    expect_equal(r.status, 410, "and sets nothing")
    expect_equal(log_in(Shopper(), email).status, 303, "the password is the old one")
    expect_equal(Shopper().get("/password_reset/0123456789abcdef0123456789abcdef/").status, 410, "a made-up link is dead too")


@test
def an_unknown_email_gets_the_same_answer_and_no_mail():
    fresh_reset_counters()
    known, unknown = new_email("known"), new_email("unknown")
    register(Shopper(), known)
    a = Shopper().post("/password_reset/", {"email": known})
    b = Shopper().post("/password_reset/", {"email": unknown})
    expect_equal((a.status, b.status), (200, 200), "both answered")

    def main_part(r, email):
        text = r.text.replace(email, "EMAIL")
        return text[text.find("<main"):text.find("</main>")] if "<main" in text else text

    expect_equal(main_part(a, known), main_part(b, unknown), "the same page")
    expect("If an account uses" in b.text, "which does not say whether there is one")
    wait_for_messages(known, 1)
    expect_equal(messages_to(unknown), [], "nothing sent to the unknown address")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM mail_outbox WHERE recipient = '{unknown}'"), "0", "nor queued")


@test
def reset_requests_are_throttled_per_account_and_per_address():
    fresh_reset_counters()
    email = new_email()
    register(Shopper(), email)
    asker = Shopper("127.0.0.21")
    statuses = [asker.post("/password_reset/", {"email": email}).status for _ in range(5)]
    expect_equal(statuses[:3], [200, 200, 200], "the first requests go through")
    expect(429 in statuses[3:], f"then they are slowed: {statuses}")
    r = Shopper("127.0.0.22").post("/password_reset/", {"email": email})
    expect_equal(r.status, 429, "per account, from any address")
    expect("wait" in r.text and r.header("Retry-After"), "says when to try again")
    wait_for(lambda: len(reset_mails(email)) >= 3)
    time.sleep(3)  # the sender looks every 2 s: anything more would be out by now
    expect_equal(len(reset_mails(email)), 3, "three e-mails, not more")
    flood = Shopper("127.0.0.23")
    codes = [flood.post("/password_reset/", {"email": new_email("nobody")}).status for _ in range(12)]
    expect(codes[:10] == [200] * 10 and 429 in codes[10:], f"per address over many e-mails: {codes}")


@test
def my_account_shows_email_addresses_and_orders_and_is_never_cached():
    shopper, email, order = buyer_with_order()
    page = shopper.get("/account/")
    expect_equal(page.status, 200, "the page opens")
    for text in [email, "Rua Augusta, 1500", f"Order #{order}", "R$ 80,00", 'action="/account/password"',
                 'action="/account/email"', 'href="/account/data.json"', 'action="/account/delete"', "tax purposes"]:
        expect(text in page.text, f"shows {text!r}")
    for path in ["/account/", "/my_orders/", "/addresses/", "/account/data.json"]:
        expect_equal(shopper.get(path).header("Cache-Control"), "no-store", f"{path} is not kept by caches")
    expect_equal(Shopper().get("/login/").header("Cache-Control"), "no-store", "nor the sign-in form")
    r = Shopper().get("/account/")
    expect_equal((r.status, r.header("Location")), (302, "/login/?next=/account/"), "anonymous: sign in first")


@test
def my_data_is_valid_json_with_the_order_and_no_gateway_secrets():
    shopper, email, order = buyer_with_order(price="64.50")
    r = shopper.get("/account/data.json")
    expect_equal(r.status, 200, "downloaded")
    expect(r.header("Content-Type").startswith("application/json"), "as JSON")
    data = json.loads(r.text)
    expect_equal(data["email"], email, "the account's e-mail")
    expect_equal([a["street"] for a in data["addresses"]], ["Rua Augusta"], "its addresses")
    expect_equal([o["id"] for o in data["orders"]], [int(order)], "its order")
    placed = data["orders"][0]
    expect_equal((placed["state"], placed["total_cents"]), ("paid", 6450), "state and total")
    expect_equal([(line["quantity"], line["unit_price_cents"]) for line in placed["lines"]], [(1, 6450)], "its lines")
    expect_equal([(p["status"], p["confirmed_from_address"]) for p in placed["payments"]], [("approved", shopper.source)],
                 "the payment's status and the address it was confirmed from")
    expect_equal(placed["ship_to"]["zip"], "01304001", "where it went")
    expect(len(data["sessions"]) >= 1 and any(s["this_browser"] for s in data["sessions"]), "sign-in sessions' dates")
    access_token = sql_value("SELECT 1")  # the config's token never reaches the database, so look for its shape
    for secret in ["TEST-", "access_token", "init_point", "preference", "reference", "password", "token_hash"]:
        expect(secret not in r.text, f"no {secret!r} in the export")
    expect(access_token == "1", "database reachable")
    expect_equal(Shopper().get("/account/data.json").status, 302, "anonymous: sign in first")
    # Shipped: the export names the order's state as the shop's pages do, with its tracking.
    sql(f"UPDATE shop_order SET shipped_at = NOW(3), carrier = 'Correios', tracking = 'BR123' WHERE id = {order}")
    shipped = json.loads(shopper.get("/account/data.json").text)["orders"][0]
    expect_equal((shipped["state"], shipped["carrier"], shipped["tracking"]), ("shipped", "Correios", "BR123"),
                 "the state and tracking after shipping")
    expect(shipped["shipped_at"] != "", "with the date it was shipped")


@test
def changing_the_password_asks_the_old_one_and_ends_other_sessions():
    email = new_email()
    shopper, other = Shopper(), Shopper()
    register(shopper, email)
    log_in(other, email)
    r = shopper.post("/account/password", {"current_password": "not it at all", "new_password": NEW_PASSWORD})
    expect_equal(r.status, 400, "a wrong current password is refused")
    expect("Nothing was changed" in r.text, "and says so")
    expect(signed_in(other), "nothing changed")
    r = shopper.post("/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    expect_equal(r.status, 200, "changed")
    expect("new password is saved" in r.text, "says so")
    expect(signed_in(shopper), "this browser stays signed in")
    expect(not signed_in(other), "the other session ended")
    expect_equal(log_in(Shopper(), email, NEW_PASSWORD).status, 303, "the new password works")


@test
def changing_the_email_waits_for_the_link_sent_to_the_new_address():
    old, new = new_email("old"), new_email("new")
    shopper = Shopper()
    register(shopper, old)
    r = shopper.post("/account/email", {"new_email": new, "current_password": PASSWORD})
    expect_equal(r.status, 200, "asked")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM client WHERE email = '{old}'"), "1", "nothing changes before the link")
    found = wait_for_messages(new, 1)
    link = link_in(found[0], "/account/email/")
    expect(link, "the new address gets a link")
    page = Shopper().get(link)
    expect(page.status == 200 and new in page.text, "opening it only asks to confirm")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM client WHERE email = '{new}'"), "0", "a mail scanner's GET changes nothing")
    r = Shopper().post(link, {})
    expect(r.status == 200 and "data-email-changed" in r.text, "confirmed")
    expect_equal(log_in(Shopper(), new).status, 303, "sign in with the new address")
    expect_equal(log_in(Shopper(), old).status, 400, "not with the old one")
    expect(any("changed" in m["subject"] for m in wait_for_messages(old, 2)), "the old address hears of it")
    expect_equal(Shopper().post(link, {}).status, 410, "the link works once")


@test
def deleting_the_account_keeps_the_order_without_personal_data_and_nothing_of_others():
    shopper, email, order = buyer_with_order(price="99.00")
    _, other_email, other_order = buyer_with_order(price="12.00")
    other_client = sql_value(f"SELECT id FROM client WHERE email = '{other_email}'")

    def others_rows():
        return (sql(f"SELECT * FROM client WHERE id = {other_client}"),
                sql(f"SELECT * FROM shop_order WHERE client_id = {other_client}"),
                sql(f"SELECT * FROM address WHERE client_id = {other_client}"),
                sql(f"SELECT token_hash, client_id, created_at, expires_at FROM login_session WHERE client_id = {other_client}"))

    before = others_rows()
    second = Shopper()
    log_in(second, email)
    r = shopper.post("/account/delete", {"password": "the wrong one"})
    expect_equal(r.status, 400, "a wrong password: the page again")
    expect("Nothing was changed" in r.text, "with a message")
    expect(signed_in(shopper) and log_in(Shopper(), email).status == 303, "nothing changed")
    r = shopper.post("/account/delete", {"password": PASSWORD})
    expect_equal(r.status, 200, "deleted")
    expect("data-account-deleted" in r.text and "1 past order stay" in r.text, f"says what was kept: {r.text[-900:]}")
    expect(not signed_in(shopper) and not signed_in(second), "signed out everywhere")
    expect_equal(log_in(Shopper(), email).status, 400, "cannot sign in any more")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM client WHERE email = '{email}'"), "0", "the account is gone")
    kept = sql(f"SELECT total_cents, end_date IS NOT NULL, email IS NULL AND ship_street IS NULL AND ship_zip IS NULL"
               f" AND ship_city IS NULL FROM shop_order WHERE id = {order}")
    expect_equal(kept, [["9900", "1", "1"]], "the order stays, paid, without e-mail or address")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM ordered_item WHERE order_id = {order}"), "1", "with its lines")
    expect_equal(sql(f"SELECT status, total_cents, client_address FROM payment WHERE order_id = {order}"),
                 [["approved", "9900", "NULL"]], "and its payment, without the address it came from")
    client = sql_value(f"SELECT client_id FROM shop_order WHERE id = {order}")
    expect_equal(sql(f"SELECT email, name, password_hash, session_key FROM client WHERE id = {client}"),
                 [["NULL", "", "NULL", "NULL"]], "the client row keeps nothing personal")
    for table in ["address", "login_session", "account_link"]:
        expect_equal(sql_value(f"SELECT COUNT(*) FROM {table} WHERE client_id = {client}"), "0", f"no {table} rows")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM mail_outbox WHERE recipient = '{email}'"), "0", "no mail rows name it")
    expect_equal(others_rows(), before, "nothing of another shopper changed")
    expect(other_order != order, "two orders")


@test
def the_owner_erases_a_guest_by_email_and_the_order_stays():
    variant = make_variant(5, price="30.00")
    guest, other = new_email("guest"), new_email("guest")
    orders = {}
    for email in [guest, other]:
        shopper = Shopper()
        shopper.add(*variant)
        r = confirm(shopper, email=email)
        payment_id, path = pay(preference_of(r.header("Location")))
        shopper.get(path)
        orders[email] = sql_value(f"SELECT order_id FROM payment WHERE gateway_payment_id = '{payment_id}'")
    before = sql(f"SELECT * FROM shop_order WHERE id = {orders[other]}")
    status, out, err = ctl("guest", "erase", "--email", guest)
    expect_equal((status, out.strip()), (0, "1"), f"one order erased: {err}")
    expect_equal(sql(f"SELECT total_cents, email, ship_street, ship_zip FROM shop_order WHERE id = {orders[guest]}"),
                 [["3000", "NULL", "NULL", "NULL"]], "the order stays without e-mail or address")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM payment WHERE order_id = {orders[guest]} AND client_address IS NOT NULL"),
                 "0", "nor the client address of its payment")
    expect_equal(sql(f"SELECT * FROM shop_order WHERE id = {orders[other]}"), before, "another guest's order is untouched")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM mail_outbox WHERE recipient = '{guest}'"), "0", "no mail row names it")
    expect_equal(ctl("guest", "erase", "--email", "not an e-mail")[0], 2, "a bad address: exit 2")
    expect_equal(ctl("guest", "erase")[0], 2, "no address: exit 2")


run()
