#!/usr/bin/env python3
"""Self-test of the SMTP sink (smtp_sink.py), printed as TAP.

    python3 tests/smtp_sink/selftest.py

Starts the sink on free ports as a subprocess (with a throwaway --maildir), sends mail to it with
smtplib and with the curl command line (libcurl, as the store does), speaks raw SMTP to check
replies and sequencing, reads the messages back over HTTP, then stops it with SIGTERM, restarts
it on the same ports and stops it with SIGINT. The tests run in order and share state. Exit
status 0 only if every test passed. Standard library only (plus the curl program).
"""

import json
import os
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from email.message import EmailMessage

HERE = os.path.dirname(os.path.abspath(__file__))
SINK = os.path.join(HERE, "smtp_sink.py")
MAX = 10 * 1024 * 1024

_tests = []
ctx = {}


def test(fn):
    _tests.append(fn)
    return fn


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def wait_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def start_sink():
    ctx["stderr"] = open(ctx["stderr_path"], "ab")
    ctx["proc"] = subprocess.Popen(
        [sys.executable, SINK, "--smtp-port", str(ctx["smtp_port"]),
         "--http-port", str(ctx["http_port"]), "--maildir", ctx["maildir"]],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=ctx["stderr"])
    return wait_port(ctx["smtp_port"]) and wait_port(ctx["http_port"])


def stop_sink(sig):
    proc = ctx["proc"]
    proc.send_signal(sig)
    try:
        return proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return "timeout (killed)"
    finally:
        ctx["stderr"].close()


def http(method, path):
    req = urllib.request.Request(f"http://127.0.0.1:{ctx['http_port']}{path}", method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def get_json(path):
    status, ctype, body = http("GET", path)
    check(status == 200, f"GET {path}: status {status}")
    check(ctype.startswith("application/json"), f"GET {path}: content type {ctype}")
    return json.loads(body)


class Raw:
    """A bare SMTP client: send a line, read one (possibly multi-line) reply."""

    def __init__(self):
        self.sock = socket.create_connection(("127.0.0.1", ctx["smtp_port"]), timeout=10)
        self.f = self.sock.makefile("rb")

    def reply(self):
        lines = []
        while True:
            line = self.f.readline()
            check(line.endswith(b"\r\n"), f"reply line not ending in CRLF: {line!r}")
            line = line.decode()
            lines.append(line[:-2])
            if line[3:4] != "-":
                return int(line[:3]), lines

    def cmd(self, text):
        self.sock.sendall(text.encode() + b"\r\n")
        return self.reply()

    def close(self):
        self.f.close()
        self.sock.close()


def by_subject(messages, subject):
    found = [m for m in messages if m["subject"] == subject]
    check(len(found) == 1, f"{len(found)} message(s) with subject {subject!r}")
    return found[0]


# ---------------------------------------------------------------------------------------------

SUBJECT_PLAIN = "Plain <message> & dots"
BODY_PLAIN = (".hidden line starts with a dot\n"
              "..two dots\n"
              ".\n"
              "<b>not bold</b> & friends\n"
              "last line\n")
SUBJECT_UTF8 = "Pedido nº 12 confirmado"
SUBJECT_CURL = "Sent by curl"


@test
def sink_starts_and_listens():
    ctx["tmp"] = tempfile.mkdtemp(prefix="smtp_sink_selftest.")
    ctx["maildir"] = os.path.join(ctx["tmp"], "mail")
    ctx["stderr_path"] = os.path.join(ctx["tmp"], "sink.log")
    ctx["smtp_port"], ctx["http_port"] = free_port(), free_port()
    check(start_sink(), "ports not open within 10 s")
    check(ctx["proc"].poll() is None, "sink exited")


@test
def greeting_and_ehlo_extensions():
    c = Raw()
    try:
        code, lines = c.reply()
        check(code == 220, f"greeting {code}")
        code, lines = c.cmd("EHLO selftest.example")
        check(code == 250, f"EHLO {code}")
        ext = [line[4:].upper() for line in lines[1:]]
        check(f"SIZE {MAX}" in ext, f"no SIZE {MAX} in {ext}")
        check("8BITMIME" in ext and "SMTPUTF8" in ext, f"extensions {ext}")
        check(not any(e.startswith(("STARTTLS", "AUTH")) for e in ext), f"STARTTLS/AUTH in {ext}")
        check(c.cmd("QUIT")[0] == 221, "QUIT not 221")
    finally:
        c.close()


@test
def commands_and_sequencing():
    c = Raw()
    try:
        c.reply()
        expect = [
            ("MAIL FROM:<a@example.com>", 503),   # before EHLO/HELO
            ("FROB", 500),
            ("HELO", 501),
            ("HELO selftest.example", 250),
            ("NOOP", 250),
            ("VRFY someone", 252),
            ("RCPT TO:<b@example.com>", 503),     # before MAIL
            ("DATA", 503),                        # before MAIL
            ("MAIL FROM <a@example.com>", 501),   # no colon
            ("MAIL FROM:<a@example.com>", 250),
            ("MAIL FROM:<a@example.com>", 503),   # nested
            ("DATA", 503),                        # before RCPT
            ("RCPT TO:<b@example.com>", 250),
            ("RSET", 250),
            ("RCPT TO:<b@example.com>", 503),     # RSET ended the transaction
            ("EHLO selftest.example", 250),
            ("MAIL FROM:<> SIZE=100 BODY=8BITMIME", 250),  # null sender, parameters
            ("RSET", 250),
            (f"MAIL FROM:<a@example.com> SIZE={MAX + 1}", 552),
            ("MAIL FROM:<a@example.com> FOO=1", 555),
            ("x" * 5000, 500),                    # line too long
            ("NOOP", 250),                        # ... and the session goes on
        ]
        for line, want in expect:
            code, _ = c.cmd(line)
            check(code == want, f"{line[:40]!r}: got {code}, want {want}")
        check(c.cmd("quit")[0] == 221, "lower-case quit not 221")
        check(c.f.readline() == b"", "connection not closed after QUIT")
    finally:
        c.close()


@test
def smtplib_plain_message_with_leading_dots():
    msg = EmailMessage()
    msg["From"] = "Loja Reserva <loja@reserva.example>"
    msg["To"] = "cliente@example.com"
    msg["Subject"] = SUBJECT_PLAIN
    msg.set_content(BODY_PLAIN)
    with smtplib.SMTP("127.0.0.1", ctx["smtp_port"], timeout=10) as s:
        refused = s.send_message(msg)
    check(refused == {}, f"refused {refused}")


@test
def smtplib_multipart_utf8_subject_two_recipients():
    msg = EmailMessage()
    msg["From"] = "Loja Reserva <loja@reserva.example>"
    msg["To"] = "Ana <Ana@Example.com>, bruno@example.com"
    msg["Subject"] = SUBJECT_UTF8
    msg.set_content("Olá Ana,\nseu pedido nº 12 foi confirmado.\nTotal: R$ 199,90\n")
    msg.add_alternative("<p>Olá Ana,</p><p>seu pedido <b>nº 12</b> foi confirmado.</p>\n",
                        subtype="html")
    wire = msg.as_bytes()
    check(wire.split(b"\n\n")[0].isascii(), "headers not ASCII on the wire")
    with smtplib.SMTP("127.0.0.1", ctx["smtp_port"], timeout=10) as s:
        refused = s.sendmail("loja@reserva.example", ["Ana@Example.com", "bruno@example.com"], wire)
    check(refused == {}, f"refused {refused}")


@test
def curl_delivers_with_libcurl():
    path = os.path.join(ctx["tmp"], "x.eml")
    with open(path, "wb") as f:
        f.write(b"From: a@example.com\r\n"
                b"To: b@example.com\r\n"
                b"Subject: " + SUBJECT_CURL.encode() + b"\r\n"
                b"MIME-Version: 1.0\r\n"
                b"Content-Type: text/plain; charset=utf-8\r\n"
                b"Content-Transfer-Encoding: 8bit\r\n"
                b"\r\n"
                b"Hello from libcurl.\r\n"
                b".a line curl must dot-stuff\r\n"
                b"Pre\xc3\xa7o: R$ 10,00\r\n")
    r = subprocess.run(["curl", "--silent", "--show-error", "--max-time", "20",
                        "--url", f"smtp://127.0.0.1:{ctx['smtp_port']}",
                        "--mail-from", "a@example.com", "--mail-rcpt", "b@example.com",
                        "--upload-file", path], capture_output=True, text=True)
    check(r.returncode == 0, f"curl exit {r.returncode}: {r.stderr.strip()}")


@test
def messages_json_lists_three_in_order():
    msgs = get_json("/messages")
    check(len(msgs) == 3, f"{len(msgs)} messages")
    ids = [m["id"] for m in msgs]
    check(ids == sorted(ids) and len(set(ids)) == 3, f"ids {ids}")
    keys = {"id", "mail_from", "rcpt_to", "received_at", "subject", "from", "to", "text", "html"}
    for m in msgs:
        check(keys <= set(m), f"missing keys {keys - set(m)}")
        check("raw" not in m, "raw present without ?raw=1")
        check("T" in m["received_at"], f"received_at {m['received_at']}")
    ctx["msgs"] = msgs


@test
def plain_message_is_dot_unstuffed():
    m = by_subject(ctx["msgs"], SUBJECT_PLAIN)
    check(m["text"] == BODY_PLAIN, f"text {m['text']!r}")
    check(m["html"] is None, "html should be null")
    check(m["mail_from"] == "loja@reserva.example", f"mail_from {m['mail_from']}")
    check(m["rcpt_to"] == ["cliente@example.com"], f"rcpt_to {m['rcpt_to']}")
    check(m["from"] == "Loja Reserva <loja@reserva.example>", f"from {m['from']}")


@test
def multipart_subject_decoded_and_both_bodies():
    m = by_subject(ctx["msgs"], SUBJECT_UTF8)
    check(m["rcpt_to"] == ["Ana@Example.com", "bruno@example.com"], f"rcpt_to {m['rcpt_to']}")
    check(m["text"] == "Olá Ana,\nseu pedido nº 12 foi confirmado.\nTotal: R$ 199,90\n",
          f"text {m['text']!r}")
    check(m["html"] is not None and "<b>nº 12</b>" in m["html"], f"html {m['html']!r}")
    check(m["to"] == "Ana <Ana@Example.com>, bruno@example.com", f"to {m['to']}")


@test
def curl_message_content():
    m = by_subject(ctx["msgs"], SUBJECT_CURL)
    check(m["mail_from"] == "a@example.com" and m["rcpt_to"] == ["b@example.com"],
          f"envelope {m['mail_from']} {m['rcpt_to']}")
    check(m["text"] == "Hello from libcurl.\n.a line curl must dot-stuff\nPreço: R$ 10,00\n",
          f"text {m['text']!r}")


@test
def raw_only_on_request():
    msgs = get_json("/messages?raw=1")
    m = by_subject(msgs, SUBJECT_PLAIN)
    check("\r\n.hidden line starts with a dot\r\n..two dots\r\n.\r\n" in m["raw"],
          f"raw {m['raw']!r}")
    one = get_json(f"/messages/{m['id']}")
    check(one["id"] == m["id"] and "raw" not in one, "GET /messages/ID")
    check(http("GET", "/messages/999999")[0] == 404, "unknown id not 404")


@test
def filter_by_recipient_case_insensitive():
    got = get_json("/messages?to=ANA%40example.COM")
    check([m["subject"] for m in got] == [SUBJECT_UTF8], f"to=ana: {[m['subject'] for m in got]}")
    got = get_json("/messages?to=b%40example.com")
    check([m["subject"] for m in got] == [SUBJECT_CURL], f"to=b: {[m['subject'] for m in got]}")
    check(get_json("/messages?to=nobody%40example.com") == [], "to=nobody not empty")


@test
def html_page_lists_newest_first_escaped():
    status, ctype, body = http("GET", "/")
    check(status == 200 and ctype.startswith("text/html"), f"GET / {status} {ctype}")
    check("Pedido nº 12 confirmado" in body, "UTF-8 subject missing")
    check("Plain &lt;message&gt; &amp; dots" in body, "subject not escaped")
    check("&lt;b&gt;not bold&lt;/b&gt; &amp; friends" in body, "text body not escaped")
    check("<b>not bold</b>" not in body, "raw HTML from a message leaked")
    check("<pre>" in body, "no <pre>")
    check(body.index(SUBJECT_CURL) < body.index("Pedido nº 12") < body.index("Plain &lt;"),
          "not newest first")


@test
def maildir_has_eml_files():
    files = sorted(f for f in os.listdir(ctx["maildir"]) if f.endswith(".eml"))
    check(len(files) == 3, f"files {files}")
    for m in ctx["msgs"]:
        check(m["file"] and os.path.exists(m["file"]), f"file {m['file']}")
    with open(by_subject(ctx["msgs"], SUBJECT_CURL)["file"], "rb") as f:
        check(b".a line curl must dot-stuff\r\n" in f.read(), "eml content")


@test
def big_message_accepted_and_oversize_refused():
    c = Raw()
    try:
        c.reply()
        c.cmd("EHLO selftest.example")
        line = b"x" * 998 + b"\r\n"
        for size, want in ((MAX - 5000, 250), (MAX + 5000, 552)):
            check(c.cmd("MAIL FROM:<a@example.com>")[0] == 250, "MAIL")
            check(c.cmd("RCPT TO:<big@example.com>")[0] == 250, "RCPT")
            check(c.cmd("DATA")[0] == 354, "DATA")
            head = b"Subject: big\r\n\r\n"
            c.sock.sendall(head + line * ((size - len(head)) // len(line)) + b".\r\n")
            code, _ = c.reply()
            check(code == want, f"{size} bytes: got {code}, want {want}")
        check(c.cmd("QUIT")[0] == 221, "QUIT")
    finally:
        c.close()
    got = get_json("/messages?to=big%40example.com")
    check(len(got) == 1 and got[0]["size"] > MAX - 6000, f"{len(got)} big message(s) stored")


@test
def delete_clears():
    status, _, body = http("DELETE", "/messages")
    check(status == 200 and json.loads(body) == {"deleted": 4}, f"DELETE {status} {body}")
    check(get_json("/messages") == [], "not empty after DELETE")


@test
def sigterm_exits_zero():
    rc = stop_sink(signal.SIGTERM)
    check(rc == 0, f"exit status {rc}")


@test
def log_lines_on_stderr():
    with open(ctx["stderr_path"], encoding="utf-8", errors="replace") as f:
        text = f.read()
    check(len(re.findall(r" smtp_sink: message \d+ from ", text)) == 4, "not one log line per message")
    check(text.count(" refused: larger than ") == 1, "no log line for the refused message")
    check(" smtp_sink: connection " in text, "no connection log line")
    check("Traceback" not in text, "traceback in the log")


@test
def restart_same_ports_then_sigint_exits_zero():
    check(start_sink(), "restart: ports not open")
    with smtplib.SMTP("127.0.0.1", ctx["smtp_port"], timeout=10) as s:
        s.sendmail("a@example.com", ["c@example.com"], b"Subject: again\r\n\r\nhi\r\n")
    msgs = get_json("/messages")
    check([m["subject"] for m in msgs] == ["again"], "fresh store after restart")
    c = Raw()  # an open session must not keep the sink from stopping
    c.reply()
    rc = stop_sink(signal.SIGINT)
    c.close()
    check(rc == 0, f"exit status {rc}")


def main():
    print(f"1..{len(_tests)}", flush=True)
    failed = 0
    for n, fn in enumerate(_tests, 1):
        name = fn.__name__.replace("_", " ")
        try:
            fn()
            print(f"ok {n} - {name}", flush=True)
        except Exception:
            failed += 1
            print(f"not ok {n} - {name}", flush=True)
            for line in traceback.format_exc().rstrip().splitlines():
                print(f"# {line}", flush=True)
    proc = ctx.get("proc")
    if proc and proc.poll() is None:
        proc.kill()
        proc.wait()
    if "stderr" in ctx:
        ctx["stderr"].close()
    if failed and "stderr_path" in ctx:
        print(f"# sink log and mail kept in {ctx['tmp']}", flush=True)
    elif "tmp" in ctx:
        shutil.rmtree(ctx["tmp"], ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
