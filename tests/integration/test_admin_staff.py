#!/usr/bin/env python3
"""The back office's door (SPEC section 8): staff accounts from reservactl, sign-in with the
second factor, server-side sessions, roles, CSRF, the throttle and the audit log."""
import os
import re

from fastcgi_client import fastcgi_request
from harness import Shopper, ctl, expect, expect_equal, get, request, run, sql, sql_value, stack_env, test
from staff_client import Staff, csrf_of, ctl_with_stdin, new_staff, signed_in, totp_code


def staff_cookie_header(r):
    for key, value in r.headers:
        if key.lower() == "set-cookie" and value.startswith("staff="):
            return value
    return None


@test
def without_a_session_every_admin_page_sends_to_the_sign_in_page_with_next():
    for path in ("/admin/", "/admin/orders/?state=paid", "/admin/staff/", "/admin/audit/", "/admin/nothing-here/"):
        r = get(path)
        expect_equal(r.status, 302, path)
        expect(r.header("Location").startswith("/admin/login/?next="), r.header("Location"))
    expect_equal(get("/admin/audit/?page=2").header("Location"), "/admin/login/?next=/admin/audit/%3Fpage%3D2",
                 "next keeps path and query")
    expect_equal(get("/admin/login/").status, 200, "the sign-in page")


@test
def a_shoppers_cookies_never_open_the_back_office():
    shopper = Shopper()
    email = f"shopper-{os.urandom(4).hex()}@example.com"
    r = shopper.post("/register/", {"email": email, "password": "a long shopper password", "name": "Ana"})
    expect("login" in shopper.cookies, f"the shopper is signed in ({r.status})")
    expect_equal(shopper.get("/admin/").status, 302, "shop cookies on /admin/")
    # Even the shop's session token offered as a staff cookie is nobody there.
    r = request("GET", "/admin/", headers={"Cookie": f"staff={shopper.cookies['login']}"})
    expect_equal(r.status, 302, "a shop token as the staff cookie")
    # And a staff account's password does not sign in at the shop's door, nor the shopper's at this one.
    r = Staff().sign_in(email, "a long shopper password")
    expect_equal(r.status, 400, "a shopper's password at /admin/login/")


@test
def reservactl_staff_add_list_and_bad_arguments():
    email = f"cli-{os.urandom(4).hex()}@example.com"
    status, out, err = ctl_with_stdin("a good long password\n", "staff", "add", "--email", email, "--name", "Bia",
                                      "--role", "staff")
    expect_equal(status, 0, err)
    expect(re.fullmatch(r"\d+\n", out), f"prints the id alone: {out!r}")
    status, out, _ = ctl("staff", "list")
    expect(email in out and "Bia" in out, out)
    for args, stdin in ((["--email", email, "--name", "Bia", "--role", "staff"], "a good long password\n"),  # taken
                        (["--email", "x@example.com", "--name", "X", "--role", "boss"], "a good long password\n"),
                        (["--email", "y@example.com", "--name", "Y", "--role", "staff"], "short\n"),
                        (["--email", "z@example.com", "--name", "Z", "--role", "staff"], "")):
        status, out, err = ctl_with_stdin(stdin, "staff", "add", *args)
        expect_equal(status, 2, f"staff add {args} {stdin!r}: {err}")
        expect(err.count("\n") == 1, f"one line on stderr: {err!r}")
    expect_equal(sql_value("SELECT COUNT(*) FROM staff WHERE email IN ('x@example.com','y@example.com','z@example.com')"), "0",
                 "nothing written")
    expect_equal(ctl("staff", "disable", "--email", "nobody@example.com")[0], 2, "disable an unknown e-mail")


@test
def signing_in_sets_a_new_strict_session_cookie_and_follows_next():
    email, password, _ = new_staff("staff")
    client = Staff()
    r = client.sign_in(email, password, next_path="/admin/orders/?state=paid")
    expect_equal(r.status, 303, r.text[:200])
    expect_equal(r.header("Location"), "/admin/orders/?state=paid", "next")
    cookie = staff_cookie_header(r)
    for part in ("Path=/admin/", "HttpOnly", "SameSite=Strict"):
        expect(part in cookie, f"{part} in {cookie}")
    expect("Secure" not in cookie, "plain http here: no Secure")
    first = client.cookies["staff"]
    expect_equal(client.get("/admin/").status, 200, "signed in")
    again = client.sign_in(email, password)
    expect_equal(again.status, 303, "a second sign-in")
    expect(client.cookies["staff"] != first, "a new session id each time")
    # next never leads off the back office.
    r = Staff().sign_in(email, password, next_path="//evil.example/x")
    expect_equal(r.header("Location"), "/admin/", "an outside next is ignored")


@test
def a_wrong_password_shows_the_form_again_without_a_session():
    email, password, _ = new_staff("staff")
    r = Staff().sign_in(email, "not the password")
    expect_equal(r.status, 400, "wrong password")
    expect("not right" in r.text, "a message")
    expect(staff_cookie_header(r) is None, "no session cookie")
    r = Staff().sign_in("nobody-" + email, password)
    expect_equal(r.status, 400, "unknown e-mail, same answer")


@test
def staff_get_403_where_only_owners_may_go_and_nothing_changes():
    client, email = signed_in("staff")
    for path in ("/admin/staff/", "/admin/audit/"):
        expect_equal(client.get(path).status, 403, path)
    client.get("/admin/")
    before = sql_value("SELECT COUNT(*) FROM staff")
    r = client.post("/admin/staff/", {"action": "add", "email": "sneaky@example.com", "name": "S", "role": "owner",
                                      "password": "a long password here"})
    expect_equal(r.status, 403, "staff adding an account")
    expect_equal(sql_value("SELECT COUNT(*) FROM staff"), before, "no account added")
    expect("Staff</a>" not in client.get("/admin/").text, "the staff link is not shown to staff")


@test
def an_owner_without_a_second_factor_is_led_through_enrolment_first():
    email, password, _ = new_staff("owner")
    client = Staff()
    r = client.sign_in(email, password)
    expect_equal(r.status, 303, r.text[:200])
    expect(r.header("Location").startswith("/admin/enrol/"), r.header("Location"))
    expect_equal(client.get("/admin/").status, 302, "nothing else before enrolment")
    expect_equal(client.get("/admin/").header("Location"), "/admin/enrol/", "back to enrolment")
    page = client.get("/admin/enrol/")
    expect_equal(page.status, 200, "the enrolment page")
    expect('src="data:image/svg+xml;base64,' in page.text, "a QR code as an inline image")
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page.text).group(1)
    expect(f"secret={secret}" in page.text, "the otpauth URI carries the same secret")
    expect_equal(client.post("/admin/enrol/", {"code": "000000" if totp_code(secret) != "000000" else "111111"}).status,
                 400, "a wrong first code")
    enrolling_cookie = client.cookies["staff"]
    r = client.post("/admin/enrol/", {"code": totp_code(secret)})
    expect_equal(r.status, 200, r.text[:200])
    codes = re.findall(r'data-recovery-code="([0-9a-f-]+)"', r.text)
    expect_equal(len(codes), 10, "ten recovery codes")
    expect(client.cookies["staff"] != enrolling_cookie, "a new session id once enrolled")
    expect_equal(client.get("/admin/").status, 200, "now the back office opens")
    expect_equal(client.get("/admin/staff/").status, 200, "an owner opens the staff page")
    # The next sign-in needs a code; a recovery code works once.
    other = Staff()
    r = other.sign_in(email, password)
    expect_equal(r.status, 400, "a code is needed now")
    expect('name="totp"' in r.text and "code" in r.text, "the form asks for it")
    expect_equal(Staff().sign_in(email, password, codes[0]).status, 303, "a recovery code")
    expect_equal(Staff().sign_in(email, password, codes[0]).status, 400, "the same recovery code again")


@test
def each_totp_code_is_accepted_once():
    email, password, secret = new_staff("owner", totp=True)
    code = totp_code(secret)
    expect_equal(Staff().sign_in(email, password, code).status, 303, "the code")
    expect_equal(Staff().sign_in(email, password, code).status, 400, "the same code again")
    expect_equal(Staff().sign_in(email, password, totp_code(secret, step_offset=-1)).status, 400, "an older code")
    expect_equal(Staff().sign_in(email, password, totp_code(secret, step_offset=1)).status, 303,
                 "the next step's code (clock drift allowed)")


@test
def every_admin_form_needs_its_sessions_csrf_token():
    client, email = signed_in("owner")
    client.get("/admin/staff/")
    good = client.token
    form = {"action": "add", "email": f"csrf-{os.urandom(3).hex()}@example.com", "name": "C", "role": "staff",
            "password": "a long password here"}
    expect_equal(client.post("/admin/staff/", form, token=None).status, 403, "no token")
    expect_equal(client.post("/admin/staff/", form, token="0" * 32).status, 403, "a made-up token")
    other, _ = signed_in("owner")
    expect_equal(client.post("/admin/staff/", form, token=other.token).status, 403, "another session's token")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM staff WHERE email = '{form['email']}'"), "0", "nothing added")
    expect_equal(client.post("/admin/staff/", form, token=good).status, 200, "the right token")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM staff WHERE email = '{form['email']}'"), "1", "added")
    # After signing out and in again the old page's token is stale.
    email2, password2, _ = new_staff("staff")
    c = Staff()
    c.sign_in(email2, password2)
    c.get("/admin/")
    stale = c.token
    c.post("/admin/logout/")
    c.sign_in(email2, password2)
    c.get("/admin/")
    expect_equal(c.post("/admin/logout/", token=stale).status, 403, "a stale token")
    # The sign-in form itself is protected too.
    expect_equal(request("POST", "/admin/login/", body={"email": email2, "password": password2}).status, 403,
                 "sign-in without the form's token")


@test
def signing_out_ends_the_session_on_the_server():
    client, _ = signed_in("staff")
    cookie = client.cookies["staff"]
    r = client.post("/admin/logout/")
    expect_equal(r.status, 303, "signed out")
    r = request("GET", "/admin/", headers={"Cookie": f"staff={cookie}"})
    expect_equal(r.status, 302, "the old cookie opens nothing")


@test
def an_idle_session_ends_after_session_idle_minutes():
    client, email = signed_in("staff")
    sql(f"UPDATE staff_session s JOIN staff m ON m.id = s.staff_id SET s.last_seen_at = NOW(3) - INTERVAL 721 MINUTE"
        f" WHERE m.email = '{email}'")
    expect_equal(client.get("/admin/").status, 302, "idle for 721 minutes")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM staff_session s JOIN staff m ON m.id = s.staff_id WHERE m.email = '{email}'"),
                 "0", "the idle session is gone")


@test
def disabling_an_account_ends_its_sessions_and_its_sign_ins():
    email, password, _ = new_staff("staff")
    client = Staff()
    client.sign_in(email, password)
    expect_equal(client.get("/admin/").status, 200, "signed in")
    expect_equal(ctl("staff", "disable", "--email", email)[0], 0, "staff disable")
    expect_equal(client.get("/admin/").status, 302, "the session ended")
    expect_equal(Staff().sign_in(email, password).status, 400, "no more sign-ins")


@test
def a_new_password_from_the_cli_ends_sessions_and_the_old_password():
    email, password, _ = new_staff("staff")
    client = Staff()
    client.sign_in(email, password)
    status, _, err = ctl_with_stdin("the brand new password\n", "staff", "password", "--email", email)
    expect_equal(status, 0, err)
    expect_equal(client.get("/admin/").status, 302, "signed out")
    expect_equal(Staff().sign_in(email, password).status, 400, "old password")
    expect_equal(Staff().sign_in(email, "the brand new password").status, 303, "new password")


def fcgi_sign_in(email, password, address):
    """POST /admin/login/ straight to reserva-fcgi as if from `address`: the status."""
    fcgi_port = int(stack_env()["FCGI_PORT"])
    token = "ab" * 16
    body = f"email={email}&password={password.replace(' ', '+')}&csrf_token={token}".encode()
    raw = fastcgi_request(("127.0.0.1", fcgi_port),
                          {"REQUEST_METHOD": "POST", "REQUEST_URI": "/admin/login/", "QUERY_STRING": "",
                           "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": address,
                           "HTTP_COOKIE": f"staff_signin={token}", "CONTENT_TYPE": "application/x-www-form-urlencoded"},
                          body)
    return int(re.match(rb"Status: (\d+)", raw).group(1))


@test
def failed_sign_ins_are_throttled_per_address_and_never_lock_the_owner_out():
    email, password, _ = new_staff("staff")
    for attempt in range(5):
        expect_equal(fcgi_sign_in(email, "wrong password", "203.0.113.9"), 400, f"failure {attempt + 1}")
    # The shared throttle keeps only a SHA-256 of its rule and key (the e-mail and the address).
    where = (f"scope = 'staff_sign_in'"
             f" AND subject = SHA2(CONCAT('staff_sign_in', CHAR(10), '{email}', CHAR(10), '203.0.113.9'), 256)")
    expect_equal(sql_value(f"SELECT hits FROM throttle WHERE {where}"), "5", "each attempt counted")
    # Three more failures in a row: the next try from that address waits 8 s (a password check
    # takes under a second, so the wait cannot pass while the test looks).
    sql(f"UPDATE throttle SET hits = 8, last_hit_at = NOW(3), blocked_until = NOW(3) + INTERVAL 8 SECOND WHERE {where}")
    expect_equal(fcgi_sign_in(email, password, "203.0.113.9"), 429, "the guesser's address waits, even with the password")
    expect_equal(sql_value(f"SELECT hits FROM throttle WHERE {where}"), "8", "a refused try is not counted")
    expect_equal(fcgi_sign_in(email, password, "198.51.100.7"), 303, "the owner's own address signs in")
    sql(f"UPDATE throttle SET blocked_until = NOW(3) - INTERVAL 1 SECOND WHERE {where}")
    expect_equal(fcgi_sign_in(email, password, "203.0.113.9"), 303, "after the wait the right password works")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM throttle WHERE {where}"), "0", "a success forgets the failures")


@test
def every_change_leaves_an_audit_row_that_owners_read_and_nobody_edits():
    owner, owner_email = signed_in("owner")
    owner.get("/admin/staff/")
    new_email = f"audited-{os.urandom(3).hex()}@example.com"
    expect_equal(owner.post("/admin/staff/", {"action": "add", "email": new_email, "name": "Audited", "role": "staff",
                                              "password": "a long password here"}).status, 200, "add")
    expect_equal(owner.post("/admin/staff/", {"action": "require_totp", "email": new_email}).status, 200, "require")
    expect_equal(owner.post("/admin/staff/", {"action": "disable", "email": new_email}).status, 200, "disable")
    rows = sql(f"SELECT who, action, before_value, after_value FROM audit_log WHERE subject = '{new_email}' ORDER BY id")
    expect_equal([r[1] for r in rows], ["staff.add", "staff.require_totp", "staff.disable"], "one row per change")
    expect(all(r[0] == owner_email for r in rows), f"who: {rows}")
    expect_equal((rows[2][2], rows[2][3]), ("enabled", "disabled"), "before -> after")
    page = owner.get("/admin/audit/")
    expect_equal(page.status, 200, "the audit page")
    expect(new_email in page.text and 'data-action="staff.disable"' in page.text, "shown to the owner")
    expect(sql_value("SELECT COUNT(*) FROM audit_log WHERE who = 'cli'") != "0", "reservactl's changes are there as cli")
    expect_equal(owner.post("/admin/audit/", {}).status, 405, "the log takes no changes")
    expect_equal(owner.post("/admin/staff/", {"action": "disable", "email": owner_email}).status, 400,
                 "an owner cannot disable themselves")


run()
