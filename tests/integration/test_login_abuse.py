#!/usr/bin/env python3
"""Issue 17, the account parts: nobody can lock a shopper out by guessing (growing delays per
e-mail and address instead of a lock, counted before the password is checked), a flood of
registrations cannot starve the shop of workers, sessions end when idle or replaced, and the
timer pass purges what has ended."""
import threading
import time

from accounts_support import PASSWORD, log_in, new_email, register, signed_in
from harness import (Shopper, confirm, expect, expect_equal, expire_pass, get, make_variant, run, sql, sql_value, test)


def fresh_address_counters():
    """Attempts are counted per address for 30 minutes: each test starts from none, so that the
    file can run twice on one stack."""
    sql("DELETE FROM throttle WHERE scope = 'login_address'")


def registered(tag):
    """A new account, registered from the default address: its e-mail."""
    email = new_email(tag)
    register(Shopper(), email)
    return email


def signed_in_to_a_new_account():
    """A shopper who just registered (and so is signed in): (shopper, e-mail, client id)."""
    email = new_email()
    shopper = Shopper()
    register(shopper, email)
    return shopper, email, sql_value(f"SELECT id FROM client WHERE email = '{email}'")


def let_the_wait_pass():
    """Ends every running per (e-mail, address) wait, as if its time had passed."""
    sql("UPDATE throttle SET blocked_until = NOW(3) - INTERVAL 1 SECOND WHERE blocked_until > NOW(3) AND scope = 'login_pair'")


def guesses(shopper, email, count):
    return [log_in(shopper, email, f"wrong guess {n}") for n in range(count)]


@test
def a_victim_still_signs_in_while_an_attacker_guesses():
    fresh_address_counters()
    email = registered("victim")
    attacker = Shopper(source="127.0.0.31")
    answers = guesses(attacker, email, 10)
    statuses = [r.status for r in answers]
    expect_equal(statuses[:5], [400] * 5, "the first wrong guesses are simply wrong")
    expect(429 in statuses[5:], f"then the attacker is slowed: {statuses}")
    slowed = next(r for r in answers if r.status == 429)
    expect(int(slowed.header("Retry-After") or 0) >= 1 and "Please wait" in slowed.text, "and told how long")
    victim = Shopper(source="127.0.0.32")
    expect_equal(log_in(victim, email).status, 303, "the owner, elsewhere, signs in at once")
    expect(signed_in(victim), "and is signed in")


@test
def parallel_guesses_cannot_slip_past_the_count():
    fresh_address_counters()
    email = registered("victim")
    results = []
    lock = threading.Lock()

    def guess(n):
        status = log_in(Shopper(source="127.0.0.33"), email, f"parallel guess {n}").status
        with lock:
            results.append(status)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    checked = results.count(400)
    expect(checked <= 7, f"at most the free attempts (5) and a couple after a delay ran out were checked: {sorted(results)}")
    expect(results.count(429) + results.count(503) >= 13,
           f"the others were told to wait (429) or that every core is busy (503): {sorted(results)}")
    expect(set(results) <= {400, 429, 503}, f"nothing else: {sorted(results)}")
    expect_equal(log_in(Shopper(source="127.0.0.34"), email).status, 303, "the owner still signs in")


@test
def the_delays_grow_and_a_right_password_clears_them():
    fresh_address_counters()
    email = registered("victim")
    guesser = Shopper(source="127.0.0.35")
    guesses(guesser, email, 5)
    waits = []
    for _ in range(3):
        let_the_wait_pass()
        expect_equal(log_in(guesser, email, "another wrong one").status, 400, "after the wait, one more guess is checked")
        r = log_in(guesser, email, "and another")
        expect_equal(r.status, 429, "then a wait again")
        waits.append(int(r.header("Retry-After")))
    expect(waits[0] < waits[1] < waits[2], f"each longer than the one before: {waits}")
    let_the_wait_pass()
    expect_equal(log_in(guesser, email).status, 303, "the right password after the wait")
    expect_equal(log_in(Shopper(source="127.0.0.35"), email, "oops").status, 400, "and the count starts again from zero")


@test
def one_address_guessing_many_emails_is_slowed_too():
    fresh_address_counters()
    guesser = Shopper(source="127.0.0.36")
    statuses = [log_in(guesser, new_email("nobody"), "guess").status for _ in range(33)]
    expect_equal(statuses[:30], [400] * 30, "a shared address (an office, a phone network) has room")
    expect(429 in statuses[30:], f"past that, the address is slowed: {statuses[28:]}")
    email = registered("victim")
    expect_equal(log_in(Shopper(source="127.0.0.37"), email).status, 303, "shoppers elsewhere are not")


def timed_get(path):
    start = time.time()
    r = get(path, timeout=60)
    return r.status, time.time() - start


@test
def a_flood_of_registrations_does_not_starve_the_store():
    stop = time.time() + 12
    outcomes = []
    lock = threading.Lock()

    def flood(n):
        # Each thread its own address, so that a per-address limit in front (nginx) leaves the
        # flood strong enough to fill the cores: this is about the application's own bound.
        shopper = Shopper(source=f"127.0.1.{n + 1}")
        k = 0
        while time.time() < stop:
            k += 1
            r = shopper.post("/register/", {"name": "Bot", "email": new_email(f"bot{n}-{k}"), "password": "password123"})
            with lock:
                outcomes.append((r.status, r.header("Retry-After")))
            shopper.cookies.pop("login", None)

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(24)]
    for t in threads:
        t.start()
    time.sleep(2)  # the flood is at full strength
    store = [timed_get("/store/") for _ in range(8)]
    for t in threads:
        t.join()
    statuses = [s for s, _ in outcomes]
    expect(all(s == 200 for s, _ in store), f"the store answered: {store}")
    slowest = max(seconds for _, seconds in store)
    expect(slowest < 1.0, f"within moments while {len(outcomes)} registrations came: slowest {slowest:.2f} s")
    expect(503 in statuses, f"registrations past the cores were turned away: {sorted(set(statuses))}")
    expect(all(after for s, after in outcomes if s == 503), "each with a Retry-After")
    expect(303 in statuses, "and some were served")


@test
def a_new_sign_in_ends_the_session_the_browser_had():
    shopper, email, _ = signed_in_to_a_new_account()
    old_token = shopper.cookies["login"]
    expect_equal(log_in(shopper, email).status, 303, "signed in again")
    expect(shopper.cookies["login"] != old_token, "a new token")
    stale = Shopper()
    stale.cookies["login"] = old_token
    expect(not signed_in(stale), "the old token signs nobody in")


@test
def an_idle_session_ends():
    shopper, _, client = signed_in_to_a_new_account()
    sql(f"UPDATE login_session SET last_used_at = NOW(3) - INTERVAL 13 DAY WHERE client_id = {client}")
    expect(signed_in(shopper), "13 days idle: still signed in")
    expect_equal(sql_value(f"SELECT last_used_at > NOW(3) - INTERVAL 1 MINUTE FROM login_session WHERE client_id = {client}"),
                 "1", "and the use is noted")
    sql(f"UPDATE login_session SET last_used_at = NOW(3) - INTERVAL 15 DAY WHERE client_id = {client}")
    expect(not signed_in(shopper), "15 days idle: signed out")


@test
def the_timer_pass_purges_ended_sessions_and_old_attempt_counters():
    shopper, _, client = signed_in_to_a_new_account()
    sql(f"INSERT INTO login_session (token_hash, client_id, expires_at) VALUES (REPEAT('a', 64), {client}, NOW(3) - INTERVAL 1 DAY),"
        f" (REPEAT('b', 64), {client}, NOW(3) + INTERVAL 1 DAY)")
    sql(f"UPDATE login_session SET last_used_at = NOW(3) - INTERVAL 20 DAY WHERE token_hash = REPEAT('b', 64)")
    sql("INSERT INTO throttle (scope, subject, hits, last_hit_at) VALUES ('login_pair', REPEAT('c', 64), 7, NOW(3) - INTERVAL 2 DAY),"
        " ('login_pair', REPEAT('d', 64), 7, NOW(3))")
    r = expire_pass()
    expect_equal(r.returncode, 0, f"the pass ran: {r.stderr}")
    expect_equal(sql(f"SELECT token_hash FROM login_session WHERE client_id = {client} AND token_hash IN "
                     f"(REPEAT('a', 64), REPEAT('b', 64))"), [], "the expired and the idle session are gone")
    expect(signed_in(shopper), "the live one stays")
    expect_equal(sql("SELECT subject FROM throttle WHERE subject IN (REPEAT('c', 64), REPEAT('d', 64))"), [["d" * 64]],
                 "the old counter is gone, the fresh one stays")
    sql("DELETE FROM throttle WHERE subject = REPEAT('d', 64)")


@test
def an_email_that_could_steer_the_envelope_is_refused():
    good = new_email()
    for bad in [good + ">", "<" + good, good + ",eve@example.com", good + ";eve@x.com"]:
        r = Shopper().post("/register/", {"name": "Ana", "email": bad, "password": PASSWORD})
        expect_equal(r.status, 400, f"registration with {bad!r}")
        expect("does not look like an e-mail address" in r.text, "says why")
        expect_equal(sql_value(f"SELECT COUNT(*) FROM client WHERE email = '{bad}'"), "0", "nothing stored")
        expect_equal(Shopper().post("/password_reset/", {"email": bad}).status, 400, f"a reset for {bad!r}")
    guest = Shopper()
    guest.add(*make_variant(2))
    r = confirm(guest, email=good + ">")
    expect_equal(r.status, 400, "a guest's checkout e-mail too")
    expect("does not look like an e-mail address" in r.text, "says why")


run()
