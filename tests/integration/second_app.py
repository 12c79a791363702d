"""A second reserva-fcgi on the stack's database, with some lines of the stack's configuration
changed, reached over FastCGI directly (no nginx): so that a test can choose the CGI variables a
web server would pass (REMOTE_ADDR, HTTP_HOST, HTTPS ...) and run with settings of its own."""
import os
import socket
import subprocess
import time
import urllib.parse

from fastcgi_client import fastcgi_call
from harness import BUILD, SOURCE, STACK, Response, Shopper


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_cgi(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    status, headers = 200, []
    for line in head.decode("latin-1").split("\r\n"):
        name, _, value = line.partition(": ")
        if name.lower() == "status":
            status = int(value.split()[0])
        else:
            headers.append((name, value))
    return Response(status, headers, body)


class SecondApp:
    """name: for its config and log files in the stack folder; changes: {key: new value, or None
    to drop the line}; extra: text added at the end of the file (or after its [limits] header)."""

    def __init__(self, name, changes=None, extra=""):
        self.port = free_port()
        self.address = ("127.0.0.1", self.port)
        self.log_path = os.path.join(STACK, f"fcgi-{name}.log")
        with open(os.path.join(STACK, "reserva.conf")) as f:
            lines = f.read().splitlines()
        changes = dict(changes or {}, listen=f"127.0.0.1:{self.port}")
        kept = []
        for line in lines:
            key = line.split("=", 1)[0].strip()
            if key in changes:
                if changes[key] is not None:
                    kept.append(f"{key} = {changes[key]}")
            else:
                kept.append(line)
        text = "\n".join(kept) + "\n"
        if extra:
            section = extra.splitlines()[0] + "\n"
            text = text.replace(section, extra, 1) if section in text else text + extra
        self.config = os.path.join(STACK, f"reserva-{name}.conf")
        with open(self.config, "w") as f:
            f.write(text)
        self.process = subprocess.Popen([os.path.join(BUILD, "reserva-fcgi"), "--config", self.config],
                                        env=dict(os.environ, RESERVA_TEMPLATE_DIR=os.path.join(SOURCE, "templates")),
                                        stdout=subprocess.DEVNULL, stderr=open(self.log_path, "a"))
        for _ in range(100):
            try:
                fastcgi_call(self.address, "GET", "/store/")
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"the second reserva-fcgi ({name}) did not come up")

    def log_size(self):
        return os.path.getsize(self.log_path)

    def log_since(self, offset):
        with open(self.log_path, errors="replace") as f:
            f.seek(offset)
            return f.read()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Client(Shopper):
    """A Shopper that reaches a SecondApp over FastCGI from a chosen client address; `variables`
    are more CGI variables for every request (e.g. HTTPS=on)."""

    def __init__(self, app, remote_addr, host="127.0.0.1", variables=None):
        super().__init__()
        self.app, self.remote_addr, self.host, self.variables = app, remote_addr, host, dict(variables or {})

    def _send(self, method, path, body=b"", headers=None):
        variables = dict(self.variables, REMOTE_ADDR=self.remote_addr, HTTP_COOKIE=self._cookie_header(),
                         HTTP_HOST=self.host)
        for name, value in (headers or {}).items():
            variables["HTTP_" + name.upper().replace("-", "_")] = value
        if body:
            variables["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        return self._remember(parse_cgi(fastcgi_call(self.app.address, method, path, variables, body)))

    def get(self, path):
        return self._send("GET", path)

    def post(self, path, form=None, with_token=True, headers=None):
        form = dict(form or {})
        if with_token:
            form.setdefault("csrf_token", self.csrf_token())
        return self._send("POST", path, urllib.parse.urlencode(form).encode(), headers)
