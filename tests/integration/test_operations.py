#!/usr/bin/env python3
"""What a sysadmin relies on: installable files, units and nginx config that verify, the
sockets reserva-fcgi can serve on, and the reserva-expire pass."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

from fastcgi_client import fastcgi_get
from harness import expire_pass, BUILD, HOLD_COUNT_DRIFT, RECOUNT_HOLDS, SOURCE, STACK, expect, expect_equal, run, sql, sql_value, test

UNITS = ["reserva.socket", "reserva.service", "reserva-expire.service", "reserva-expire.timer"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config_listening_on(port):
    """The stack's config with [server] listen moved to port (nothing else listens there)."""
    with open(os.path.join(STACK, "reserva.conf")) as f:
        text = f.read()
    lines = [f"listen = 127.0.0.1:{port}" if line.startswith("listen =") else line for line in text.splitlines()]
    path = os.path.join(STACK, f"reserva-{port}.conf")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def start_app(args, **kw):
    env = dict(os.environ, RESERVA_TEMPLATE_DIR=os.path.join(SOURCE, "templates"))
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def fetch_when_ready(address, path):
    for _ in range(100):
        try:
            return fastcgi_get(address, path)
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered on {address}")


@test
def systemd_units_pass_systemd_analyze_verify():
    with tempfile.TemporaryDirectory() as folder:
        for unit in UNITS:
            with open(os.path.join(SOURCE, "systemd", unit + ".in")) as f:
                text = f.read().replace("@bindir@", BUILD).replace("@pkgdatadir@", SOURCE)
            with open(os.path.join(folder, unit), "w") as f:
                f.write(text)
        r = subprocess.run(["systemd-analyze", "verify", "--man=no", *UNITS], cwd=folder, capture_output=True, text=True)
        expect_equal(r.returncode, 0, f"systemd-analyze verify: {r.stderr}")
        expect(not [l for l in r.stderr.splitlines() if "reserva" in l], f"no complaint about our units: {r.stderr}")
        with open(os.path.join(folder, "reserva-expire.timer")) as f:
            timer = f.read()
        expect("OnCalendar=*:0/5" in timer and "Persistent=true" in timer, "the timer runs every 5 minutes, persistently")


@test
def services_run_sandboxed_without_capabilities():
    with tempfile.TemporaryDirectory() as folder:
        for unit in ["reserva.service", "reserva-expire.service"]:
            with open(os.path.join(SOURCE, "systemd", unit + ".in")) as f:
                text = f.read().replace("@bindir@", BUILD)
            expect("\nCapabilityBoundingSet=\n" in text and "\nProtectProc=invisible\n" in text and
                   "\nSystemCallFilter=@system-service\n" in text and "\nUser=_reserva\n" in text, f"{unit}'s sandbox")
            path = os.path.join(folder, unit)
            with open(path, "w") as f:
                f.write(text)
            r = subprocess.run(["systemd-analyze", "security", "--offline=yes", path], capture_output=True, text=True)
            found = re.search(r"Overall exposure level for \S+: ([0-9.]+)", r.stdout)
            expect(found and float(found.group(1)) <= 2.0, f"{unit}: systemd-analyze security: {r.stdout[-300:]}")


@test
def shipped_nginx_site_passes_nginx_t():
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(SOURCE, "nginx", "reserva.conf.in")) as f:
            site = f.read().replace("@pkgdatadir@", SOURCE)
        # The certificate placeholders (Debian's snakeoil pair) with a throwaway self-signed pair.
        cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                            "/CN=shop.example.com", "-keyout", key, "-out", cert], capture_output=True, text=True)
        expect_equal(r.returncode, 0, f"openssl: {r.stderr}")
        site = site.replace("/etc/ssl/certs/ssl-cert-snakeoil.pem", cert).replace("/etc/ssl/private/ssl-cert-snakeoil.key", key)
        with open(os.path.join(folder, "site.conf"), "w") as f:
            f.write(site)
        with open(os.path.join(SOURCE, "nginx", "test-main.conf.in")) as f:
            main = f.read().replace("@DIR@", folder).replace("@SITE@", os.path.join(folder, "site.conf"))
        with open(os.path.join(folder, "nginx.conf"), "w") as f:
            f.write(main)
        r = subprocess.run(["nginx", "-t", "-p", folder, "-c", os.path.join(folder, "nginx.conf"), "-e",
                            os.path.join(folder, "error.log")], capture_output=True, text=True)
        expect_equal(r.returncode, 0, f"nginx -t: {r.stderr}")
        for needed in ["limit_req zone=reserva_checkout", "client_max_body_size", "location /static/", "server_tokens off",
                       "listen 443 ssl", "return 301 https://$host$request_uri", "Strict-Transport-Security",
                       "ssl_protocols TLSv1.2 TLSv1.3", "limit_req zone=reserva_register", "limit_req zone=reserva_finalize"]:
            expect(needed in site, f"the site has {needed}")


@test
def make_install_puts_programs_data_and_units_in_place():
    with tempfile.TemporaryDirectory() as destdir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
        r = subprocess.run(["make", "-s", "install", f"DESTDIR={destdir}"], cwd=BUILD, capture_output=True, text=True, env=env)
        expect_equal(r.returncode, 0, f"make install: {r.stderr[-2000:]}")
        found = set()
        for root, _, files in os.walk(destdir):
            found.update(os.path.relpath(os.path.join(root, name), destdir) for name in files)
        for suffix in ["bin/reserva-fcgi", "bin/reservactl", "bin/reserva-expire", "share/reserva/templates/layout.tpl",
                       "share/reserva/static/css/store.css", "share/reserva/static/img/demo/tshirt.svg",
                       "share/reserva/sql/001_schema.sql", "share/reserva/nginx/reserva.conf",
                       "lib/systemd/system/reserva.socket", "lib/systemd/system/reserva-expire.timer"]:
            expect(any(path.endswith(suffix) for path in found), f"{suffix} installed")
        service = next(p for p in found if p.endswith("lib/systemd/system/reserva.service"))
        with open(os.path.join(destdir, service)) as f:
            text = f.read()
        expect("@bindir@" not in text and "/bin/reserva-fcgi --config /etc/reserva/reserva.conf" in text,
               "the installed unit names the installed program")


@test
def serves_on_the_socket_systemd_passes():
    port = free_port()
    app = start_app(["systemd-socket-activate", "-E", "RESERVA_TEMPLATE_DIR", "-l", f"127.0.0.1:{port}", os.path.join(BUILD, "reserva-fcgi"),
                     "--config", config_listening_on(free_port())])
    try:
        answer = fetch_when_ready(("127.0.0.1", port), "/store/")
        expect(answer.startswith(b"Status: 200"), f"answer: {answer[:80]!r}")
        expect(b"Our collection" in answer, "the catalog page")
    finally:
        app.terminate()
        app.wait(timeout=20)


@test
def serves_on_a_listening_socket_given_as_standard_input():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    app = start_app([os.path.join(BUILD, "reserva-fcgi"), "--config", config_listening_on(free_port())],
                    stdin=listener.fileno())
    try:
        answer = fetch_when_ready(listener.getsockname(), "/product/1/")
        expect(answer.startswith(b"Status: 200"), f"answer: {answer[:80]!r}")
    finally:
        app.terminate()
        app.wait(timeout=20)
        listener.close()


@test
def programs_explain_themselves_and_refuse_bad_configuration():
    for program, args in [("reserva-fcgi", []), ("reservactl", ["orders", "list"]), ("reserva-expire", [])]:
        r = subprocess.run([os.path.join(BUILD, program), "--help"], capture_output=True, text=True)
        expect_equal(r.returncode, 0, f"{program} --help")
        expect("--config" in r.stdout, f"{program} --help mentions --config")
        r = subprocess.run([os.path.join(BUILD, program), "--config", "/nonexistent/reserva.conf", *args],
                           capture_output=True, text=True, timeout=20)
        expect(r.returncode == 2 and "/nonexistent/reserva.conf" in r.stderr, f"{program} with a missing config: {r.stderr}")


@test
def expire_pass_without_its_templates_exits_1_and_says_why():
    r = subprocess.run([os.path.join(BUILD, "reserva-expire"), "--config", os.path.join(STACK, "reserva.conf")],
                       capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, RESERVA_TEMPLATE_DIR="/nonexistent/templates"))
    expect_equal(r.returncode, 1, f"a clear failure, not an abort: {r.stderr}")
    expect("templates could not be loaded from /nonexistent/templates" in r.stderr, f"it says why: {r.stderr}")


@test
def expire_pass_expires_stale_links_and_releases_their_holds():
    stock_id = sql_value("SELECT MIN(id) FROM item_stock")
    client = sql_value("INSERT INTO client (session_key) VALUES (REPLACE(UUID(), '-', '')) RETURNING id")
    stale_order = sql_value(f"INSERT INTO shop_order (client_id) VALUES ({client}) RETURNING id")
    client2 = sql_value("INSERT INTO client (session_key) VALUES (REPLACE(UUID(), '-', '')) RETURNING id")
    live_order = sql_value(f"INSERT INTO shop_order (client_id) VALUES ({client2}) RETURNING id")
    stale = sql_value(f"INSERT INTO payment (order_id, client_id, reference, status, total_cents, expires_at) VALUES "
                      f"({stale_order}, {client}, REPLACE(UUID(), '-', ''), 'open', 100, NOW(3) - INTERVAL 1 MINUTE) RETURNING id")
    live = sql_value(f"INSERT INTO payment (order_id, client_id, reference, status, total_cents, expires_at) VALUES "
                     f"({live_order}, {client2}, REPLACE(UUID(), '-', ''), 'open', 100, NOW(3) + INTERVAL 1 HOUR) RETURNING id")
    sql(f"INSERT INTO stock_hold VALUES ({stale_order}, {stock_id}, 1, NOW(3) - INTERVAL 1 MINUTE),"
        f" ({live_order}, {stock_id}, 1, NOW(3) + INTERVAL 1 HOUR); {RECOUNT_HOLDS}")
    r = expire_pass()
    expect_equal(r.returncode, 0, f"reserva-expire: {r.stderr}")
    expect("payment links expired" in r.stderr, f"the pass says what it did: {r.stderr}")
    expect_equal(sql_value(f"SELECT status FROM payment WHERE id = {stale}"), "expired", "stale link")
    expect_equal(sql_value(f"SELECT status FROM payment WHERE id = {live}"), "open", "live link")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM stock_hold WHERE order_id = {stale_order}"), "0", "stale hold released")
    expect_equal(sql_value(f"SELECT COUNT(*) FROM stock_hold WHERE order_id = {live_order}"), "1", "live hold kept")
    sql(f"DELETE FROM stock_hold WHERE order_id = {live_order}; {RECOUNT_HOLDS}")
    sql(f"UPDATE payment SET status = 'expired' WHERE id = {live}")


@test
def expire_pass_corrects_hold_counts_a_hand_edit_left_wrong():
    """The store keeps each variant's hold counts in step with stock_hold (sql/004); a hand edit
    does not. The next expiry pass sets them right and says so, and the one after has nothing to do."""
    stock_id = sql_value("SELECT MAX(id) FROM item_stock")
    client = sql_value("INSERT INTO client (session_key) VALUES (REPLACE(UUID(), '-', '')) RETURNING id")
    order = sql_value(f"INSERT INTO shop_order (client_id) VALUES ({client}) RETURNING id")
    held = int(sql_value(f"SELECT held FROM item_stock WHERE id = {stock_id}"))
    sql(f"INSERT INTO stock_hold VALUES ({order}, {stock_id}, 3, NOW(3) + INTERVAL 1 HOUR)")  # no recount
    try:
        expect(sql(HOLD_COUNT_DRIFT) != [], "the hand edit left the counts wrong")
        r = expire_pass()
        expect_equal(r.returncode, 0, f"reserva-expire: {r.stderr}")
        expect(f"the hold counts of variant {stock_id} disagreed with its holds ({held} units held, now {held + 3})"
               in r.stderr, f"the pass says what it corrected: {r.stderr}")
        expect_equal(sql(HOLD_COUNT_DRIFT), [], "every count right again")
        again = expire_pass()
        expect("disagreed" not in again.stderr, f"the next pass has nothing to correct: {again.stderr}")
    finally:
        sql(f"DELETE FROM stock_hold WHERE order_id = {order}; {RECOUNT_HOLDS}")


run()
