#!/usr/bin/env python3
"""A small SMTP sink for Reserva's tests and demo: accepts every message, keeps it, shows it.

    python3 tests/smtp_sink/smtp_sink.py --smtp-port 2525 --http-port 8025 [--maildir DIR]

SMTP (RFC 5321, plain text: no STARTTLS, no AUTH) on 127.0.0.1:SMTP_PORT, as libcurl and smtplib
speak it: EHLO/HELO, MAIL FROM (SIZE, BODY, SMTPUTF8 parameters), RCPT TO (several), DATA (with
dot-unstuffing), RSET, NOOP, VRFY (252), HELP, QUIT. Unknown commands get 500, commands out of
sequence 503. Messages up to 10 MB (10485760 bytes) are accepted; larger ones get 552.

HTTP on 127.0.0.1:HTTP_PORT:
    GET    /messages            JSON list of every message, oldest first (no "raw")
    GET    /messages?raw=1      ... with "raw" (the message text as received)
    GET    /messages?to=ADDR    only messages with ADDR among the envelope recipients
                                (case-insensitive; "<ADDR>" also accepted)
    GET    /messages/ID         one message (404 if unknown); ?raw=1 as above
    DELETE /messages            forget every message (ids keep increasing)
    GET    /                    HTML page: the last 50 messages, newest first

With --maildir each accepted message is also written there as an .eml file. One log line per
connection and per message goes to stderr. SIGTERM or SIGINT stops it with exit status 0.
Port 0 picks a free port; the "listening" line on stderr then names the port chosen.
Python 3.11 standard library only.
"""

import argparse
import datetime
import email
import email.policy
import html
import json
import os
import re
import signal
import socket
import socketserver
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_MESSAGE = 10 * 1024 * 1024  # bytes, after dot-unstuffing, line endings included
MAX_COMMAND_LINE = 4096         # RFC 5321 says 512; be generous (SMTPUTF8, parameters)
MAX_RECIPIENTS = 1000
IDLE_TIMEOUT = 300              # seconds without a command before the sink hangs up (421)
HOSTNAME = "reserva-smtp-sink"


def log(text):
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    sys.stderr.write(f"{stamp} smtp_sink: {text}\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# Message store
# ---------------------------------------------------------------------------------------------

def _text_part(msg, subtype):
    """Decoded body of the text/<subtype> part that get_body() picks, or None."""
    try:
        part = msg.get_body(preferencelist=(subtype,))
        if part is None:
            return None
        content = part.get_content()
        return content if isinstance(content, str) else None
    except Exception:  # bad charset, broken transfer encoding, ...
        return None


def _header(msg, name):
    try:
        value = msg[name]
        return None if value is None else str(value)
    except Exception:
        return None


def parse_message(data):
    """The fields the tests look at, decoded with the email package (policy=default)."""
    fields = {"subject": None, "from": None, "to": None, "cc": None, "date": None,
              "message_id": None, "headers": [], "text": None, "html": None}
    try:
        # SMTP lines end in CRLF; the parser keeps body line endings as they are, so parse with
        # LF endings to get "text"/"html" as ordinary Python strings ("raw" keeps CRLF).
        msg = email.message_from_bytes(data.replace(b"\r\n", b"\n"), policy=email.policy.default)
    except Exception as exc:  # the parser is lenient; this is for the truly unexpected
        fields["parse_error"] = f"{type(exc).__name__}: {exc}"
        return fields
    fields["subject"] = _header(msg, "Subject")
    fields["from"] = _header(msg, "From")
    fields["to"] = _header(msg, "To")
    fields["cc"] = _header(msg, "Cc")
    fields["date"] = _header(msg, "Date")
    fields["message_id"] = _header(msg, "Message-ID")
    headers = []
    try:
        for name, value in msg.items():
            try:
                headers.append([name, str(value)])
            except Exception:
                headers.append([name, None])
    except Exception:
        pass
    fields["headers"] = headers
    fields["text"] = _text_part(msg, "plain")
    fields["html"] = _text_part(msg, "html")
    return fields


class Store:
    def __init__(self, maildir=None):
        self.lock = threading.Lock()
        self.messages = []
        self.next_id = 1
        self.maildir = maildir
        if maildir:
            os.makedirs(maildir, exist_ok=True)

    def add(self, mail_from, rcpt_to, data, peer):
        now = datetime.datetime.now(datetime.timezone.utc)
        record = {
            "id": None,
            "mail_from": mail_from,
            "rcpt_to": list(rcpt_to),
            "received_at": now.isoformat(timespec="milliseconds"),
            "peer": peer,
            "size": len(data),
            "file": None,
        }
        record.update(parse_message(data))
        record["raw"] = data.decode("utf-8", errors="replace")
        with self.lock:  # the file is written under the lock too, so a listed message is complete
            record["id"] = self.next_id
            self.next_id += 1
            if self.maildir:
                name = f"{now.strftime('%Y%m%dT%H%M%S.%fZ')}-{record['id']:06d}.eml"
                path = os.path.join(self.maildir, name)
                try:
                    with open(path + ".tmp", "wb") as f:
                        f.write(data)
                    os.replace(path + ".tmp", path)
                    record["file"] = path
                except OSError as exc:
                    log(f"cannot write {path}: {exc}")
            self.messages.append(record)
        return record

    def list(self, to=None):
        with self.lock:
            items = list(self.messages)
        if to:
            want = to.strip().strip("<>").lower()
            items = [m for m in items if any(r.lower() == want for r in m["rcpt_to"])]
        return items

    def get(self, msg_id):
        with self.lock:
            for m in self.messages:
                if m["id"] == msg_id:
                    return m
        return None

    def clear(self):
        with self.lock:
            n = len(self.messages)
            self.messages.clear()
        return n


# ---------------------------------------------------------------------------------------------
# SMTP
# ---------------------------------------------------------------------------------------------

PATH_RE = re.compile(r"^\s*<([^<>]*)>\s*(.*)$")  # "<addr> PARAMS" (the space before < is tolerated)
MAIL_PARAMS = {"SIZE", "BODY", "SMTPUTF8", "AUTH"}


class LineTooLong(Exception):
    pass


class SMTPHandler(socketserver.StreamRequestHandler):
    timeout = IDLE_TIMEOUT
    server: "SMTPServer"

    # -- I/O --------------------------------------------------------------------------------

    def reply(self, code, *lines):
        """One reply; several text lines become a multi-line reply (250-a, 250-b, 250 c)."""
        lines = lines or ("",)
        out = []
        for i, text in enumerate(lines):
            sep = " " if i == len(lines) - 1 else "-"
            out.append(f"{code}{sep}{text}\r\n" if text else f"{code}\r\n")
        self.wfile.write("".join(out).encode("utf-8"))
        self.wfile.flush()

    def read_command(self):
        """Next command line without its line ending; None at end of input."""
        line = self.rfile.readline(MAX_COMMAND_LINE + 2)
        if not line:
            return None
        if not line.endswith(b"\n"):
            # Too long: throw the rest of the line away, then complain.
            while True:
                more = self.rfile.readline(65536)
                if not more or more.endswith(b"\n"):
                    break
            raise LineTooLong()
        return line.rstrip(b"\r\n").decode("utf-8", errors="replace")

    def read_data(self):
        """Message text after DATA/354 up to the "." line, dot-unstuffed.

        Returns (bytes, too_big), or None if the connection ended first. Line endings are kept
        as received (CRLF from conforming clients); the final CRLF before "." belongs to the
        message.
        """
        chunks = []
        size = 0
        too_big = False
        at_line_start = True
        while True:
            chunk = self.rfile.readline(65536)
            if not chunk:
                return None
            if at_line_start:
                if chunk in (b".\r\n", b".\n"):
                    break
                if chunk.startswith(b"."):
                    chunk = chunk[1:]  # RFC 5321 4.5.2: drop the first dot of a line
            at_line_start = chunk.endswith(b"\n")
            size += len(chunk)
            if size > MAX_MESSAGE:
                too_big = True
                chunks = []  # keep reading to the end, but don't keep it
            elif not too_big:
                chunks.append(chunk)
        return b"".join(chunks), too_big

    # -- session ----------------------------------------------------------------------------

    def reset_transaction(self):
        self.mail_from = None
        self.rcpt_to = []

    def handle(self):
        self.peer = "%s:%d" % self.client_address[:2]
        self.greeted = None  # the EHLO/HELO domain
        self.esmtp = False
        self.reset_transaction()
        self.count = 0
        started = time.monotonic()
        ending = "client closed"
        self.server.track(self.request, True)
        try:
            self.reply(220, f"{HOSTNAME} ESMTP ready")
            while True:
                try:
                    line = self.read_command()
                except LineTooLong:
                    self.reply(500, "Line too long")
                    continue
                if line is None:
                    ending = "client closed without QUIT"
                    break
                verb, _, arg = line.partition(" ")
                verb = verb.upper()
                arg = arg.strip()
                method = getattr(self, "smtp_" + verb, None) if verb.isalpha() else None
                if method is None:
                    self.reply(500, "Command not recognized")
                    continue
                if method(arg) is False:
                    ending = "QUIT"
                    break
        except socket.timeout:
            ending = "idle timeout"
            try:
                self.reply(421, f"{HOSTNAME} idle too long, closing connection")
            except OSError:
                pass
        except OSError as exc:
            ending = f"connection error ({exc.__class__.__name__})"
        finally:
            self.server.track(self.request, False)
            log(f"connection {self.peer} closed: {ending}, {self.count} message(s), "
                f"{time.monotonic() - started:.2f}s")

    # -- commands (return False to end the session) -------------------------------------------

    def smtp_EHLO(self, arg):
        if not arg:
            return self.reply(501, "Syntax: EHLO domain")
        self.greeted, self.esmtp = arg, True
        self.reset_transaction()
        self.reply(250, f"{HOSTNAME} greets {arg}", f"SIZE {MAX_MESSAGE}", "8BITMIME",
                   "SMTPUTF8", "HELP")

    def smtp_HELO(self, arg):
        if not arg:
            return self.reply(501, "Syntax: HELO domain")
        self.greeted, self.esmtp = arg, False
        self.reset_transaction()
        self.reply(250, f"{HOSTNAME} greets {arg}")

    def smtp_MAIL(self, arg):
        if not self.greeted:
            return self.reply(503, "Send EHLO or HELO first")
        if self.mail_from is not None:
            return self.reply(503, "Nested MAIL command")
        if arg[:5].upper() != "FROM:":
            return self.reply(501, "Syntax: MAIL FROM:<address> [parameters]")
        m = PATH_RE.match(arg[5:])
        if not m:
            return self.reply(501, "Syntax: MAIL FROM:<address> [parameters]")
        address, params = m.group(1), m.group(2).split()
        if params and not self.esmtp:
            return self.reply(555, "MAIL parameters need EHLO")
        for param in params:
            key, _, value = param.partition("=")
            key = key.upper()
            if key not in MAIL_PARAMS:
                return self.reply(555, f"Parameter {key} not recognized")
            if key == "SIZE":
                if not value.isdigit():
                    return self.reply(501, "Syntax: SIZE=<number>")
                if int(value) > MAX_MESSAGE:
                    return self.reply(552, f"Message size exceeds fixed maximum of {MAX_MESSAGE} bytes")
            elif key == "BODY" and value.upper() not in ("7BIT", "8BITMIME"):
                return self.reply(501, "Syntax: BODY=7BIT or BODY=8BITMIME")
        self.mail_from = address
        self.rcpt_to = []
        self.reply(250, "OK")

    def smtp_RCPT(self, arg):
        if self.mail_from is None:
            return self.reply(503, "Need MAIL before RCPT")
        if arg[:3].upper() != "TO:":
            return self.reply(501, "Syntax: RCPT TO:<address>")
        m = PATH_RE.match(arg[3:])
        if not m or not m.group(1).strip():
            return self.reply(501, "Syntax: RCPT TO:<address>")
        if m.group(2).split():
            return self.reply(555, "RCPT parameters not recognized")
        if len(self.rcpt_to) >= MAX_RECIPIENTS:
            return self.reply(452, "Too many recipients")
        self.rcpt_to.append(m.group(1).strip())
        self.reply(250, "OK")

    def smtp_DATA(self, arg):
        if arg:
            return self.reply(501, "Syntax: DATA")
        if self.mail_from is None:
            return self.reply(503, "Need MAIL command")
        if not self.rcpt_to:
            return self.reply(503, "Need RCPT command")
        self.reply(354, "End data with <CR><LF>.<CR><LF>")
        result = self.read_data()
        if result is None:
            raise ConnectionAbortedError("connection lost during DATA")
        data, too_big = result
        if too_big:
            log(f"message from {self.peer} refused: larger than {MAX_MESSAGE} bytes")
            self.reset_transaction()
            return self.reply(552, f"Message size exceeds fixed maximum of {MAX_MESSAGE} bytes")
        record = self.server.store.add(self.mail_from, self.rcpt_to, data, self.peer)
        self.count += 1
        log(f"message {record['id']} from <{record['mail_from']}> to "
            f"{', '.join('<%s>' % r for r in record['rcpt_to'])}: {record['size']} bytes, "
            f"subject {record['subject']!r}")
        self.reset_transaction()
        self.reply(250, f"OK queued as {record['id']}")

    def smtp_RSET(self, arg):
        if arg:
            return self.reply(501, "Syntax: RSET")
        self.reset_transaction()
        self.reply(250, "OK")

    def smtp_NOOP(self, arg):
        self.reply(250, "OK")

    def smtp_VRFY(self, arg):
        if not arg:
            return self.reply(501, "Syntax: VRFY address")
        self.reply(252, "Cannot VRFY user, but will accept message and attempt delivery")

    def smtp_EXPN(self, arg):
        self.reply(502, "EXPN not implemented")

    def smtp_HELP(self, arg):
        self.reply(214, "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT")

    def smtp_QUIT(self, arg):
        self.reply(221, f"{HOSTNAME} closing connection")
        return False


class SMTPServer(socketserver.ThreadingTCPServer):
    # Many shoppers pay at once in the tests: the default backlog of 5 resets connections.
    request_queue_size = 128
    allow_reuse_address = True
    daemon_threads = True
    block_on_close = False

    def __init__(self, address, store):
        self.store = store
        self.open_sockets = set()
        self.sockets_lock = threading.Lock()
        super().__init__(address, SMTPHandler)

    def track(self, sock, is_open):
        with self.sockets_lock:
            (self.open_sockets.add if is_open else self.open_sockets.discard)(sock)

    def close_connections(self):
        with self.sockets_lock:
            socks = list(self.open_sockets)
        for sock in socks:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

def public(message, raw):
    return {k: v for k, v in message.items() if raw or k != "raw"}


def render_page(messages):
    esc = html.escape
    rows = []
    for m in reversed(messages[-50:]):
        if m["text"] is not None:
            body = f"<pre>{esc(m['text'])}</pre>"
        elif m["html"] is not None:
            body = f"<p class=note>(no text/plain part; HTML only)</p><pre>{esc(m['html'])}</pre>"
        else:
            body = "<p class=note>(no text body)</p>"
        rows.append(
            "<section>"
            f"<h2>#{m['id']} {esc(m['subject'] or '(no subject)')}</h2>"
            "<dl>"
            f"<dt>Received</dt><dd>{esc(m['received_at'])}</dd>"
            f"<dt>To</dt><dd>{esc(', '.join(m['rcpt_to']))}</dd>"
            f"<dt>From</dt><dd>{esc(m['from'] or m['mail_from'] or '')}</dd>"
            "</dl>"
            f"{body}</section>")
    listing = "\n".join(rows) or "<p>No messages yet.</p>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reserva mail sink</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em auto; max-width: 60em; padding: 0 1em; }}
section {{ border: 1px solid #ccc; border-radius: 6px; margin: 1em 0; padding: 0 1em 1em; }}
h2 {{ font-size: 1.1em; }} dl {{ display: grid; grid-template-columns: 6em auto; margin: 0; }}
dt {{ color: #666; }} dd {{ margin: 0; }} .note {{ color: #888; font-style: italic; }}
pre {{ background: #f6f6f6; padding: .8em; white-space: pre-wrap; overflow-wrap: anywhere; }}
</style></head>
<body><h1>Reserva mail sink</h1>
<p>{len(messages)} message(s) received; the last 50 are shown, newest first.
<a href="/">Refresh</a> &middot; <a href="/messages">JSON</a></p>
{listing}
</body></html>
"""


class HTTPHandler(BaseHTTPRequestHandler):
    server_version = "ReservaSMTPSink/1"
    store: Store = None  # set by main()

    def send(self, status, body, ctype):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_json(self, status, value):
        self.send(status, json.dumps(value, ensure_ascii=False, indent=1) + "\n",
                  "application/json; charset=utf-8")

    def route(self):
        split = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(split.query)
        return split.path.rstrip("/") or "/", query

    def do_GET(self):
        path, query = self.route()
        raw = query.get("raw", ["0"])[-1] not in ("", "0", "false", "no")
        if path == "/messages":
            items = self.store.list(to=query.get("to", [None])[-1])
            return self.send_json(200, [public(m, raw) for m in items])
        m = re.fullmatch(r"/messages/(\d+)", path)
        if m:
            message = self.store.get(int(m.group(1)))
            if message is None:
                return self.send_json(404, {"error": "no such message"})
            return self.send_json(200, public(message, raw))
        if path == "/":
            return self.send(200, render_page(self.store.list()), "text/html; charset=utf-8")
        self.send_json(404, {"error": "not found"})

    do_HEAD = do_GET

    def do_DELETE(self):
        path, _ = self.route()
        if path == "/messages":
            n = self.store.clear()
            log(f"deleted {n} message(s) over HTTP")
            return self.send_json(200, {"deleted": n})
        self.send_json(404, {"error": "not found"})

    def do_POST(self):
        self.send_json(405, {"error": "method not allowed"})

    do_PUT = do_PATCH = do_POST

    def log_message(self, *args):
        pass  # one line per SMTP connection/message is enough


class HTTPServer(ThreadingHTTPServer):
    # Many shoppers pay at once in the tests: the default backlog of 5 resets connections.
    request_queue_size = 128
    daemon_threads = True
    block_on_close = False


# ---------------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description="SMTP sink with an HTTP view, for tests and demos.")
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--maildir", help="also write each message here as an .eml file")
    args = parser.parse_args(argv)

    store = Store(args.maildir)
    HTTPHandler.store = store
    try:
        smtp = SMTPServer(("127.0.0.1", args.smtp_port), store)
        web = HTTPServer(("127.0.0.1", args.http_port), HTTPHandler)
    except OSError as exc:
        log(f"cannot listen: {exc}")
        return 1

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2},
                                name=name, daemon=True)
               for s, name in ((smtp, "smtp"), (web, "http"))]
    for t in threads:
        t.start()
    log(f"listening smtp=127.0.0.1:{smtp.server_address[1]} http=127.0.0.1:{web.server_address[1]}"
        + (f" maildir={args.maildir}" if args.maildir else "") + f" pid={os.getpid()}")

    while not stop.wait(0.5):
        pass

    log("stopping")
    for s in (smtp, web):
        s.shutdown()      # serve_forever returns
        s.server_close()  # listening socket closed
    smtp.close_connections()
    for t in threads:
        t.join(timeout=2)
    log(f"stopped ({len(store.list())} message(s) in memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
