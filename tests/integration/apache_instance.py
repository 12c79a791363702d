"""A private Apache 2.4 (Debian's apache2) in front of a reserva-fcgi of its own, for the tests that
run the store through Apache instead of nginx. Apache runs the shipped site file
(apache/reserva.conf.in) with only its paths and ports changed, from its own ServerRoot in a
temporary folder on loopback; reserva-fcgi serves a unix socket in that folder with the stack's
database, sandbox and mail sink, and [site] base_url is Apache's address, so payment returns
and webhooks come back through Apache too."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

import harness


class ApacheStack:
    def __init__(self, port, plain_port, fcgid_port):
        """port: the shipped site as it is; plain_port: the same site without proxy-sendcl, so
        that chunked bodies reach the app without CONTENT_LENGTH; fcgid_port: the site's mod_fcgid
        variant (its commented block, uncommented), where Apache starts reserva-fcgi itself."""
        self.port, self.plain_port, self.fcgid_port = port, plain_port, fcgid_port
        self.dir = tempfile.mkdtemp(prefix="reserva-apache.")
        # Apache's workers run as www-data when started as root: they traverse this folder to
        # reach the socket and the media folder.
        os.chmod(self.dir, 0o755)
        self.socket = os.path.join(self.dir, "fcgi.sock")
        self.media = os.path.join(self.dir, "media")
        os.makedirs(self.media)
        self.app = None

    def path(self, name):
        return os.path.join(self.dir, name)

    def start(self):
        self._write_app_config()
        self._start_app()
        self._write_apache_config()
        r = subprocess.run(self._apache("-k", "start"), capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"apache2 -k start: {r.stdout}{r.stderr}{self.error_log()}")
        self._wait(lambda: all(self._connects(p) for p in (self.port, self.plain_port, self.fcgid_port)), "Apache")

    def stop(self):
        pid_file = self.path("apache2.pid")
        if os.path.exists(pid_file):
            subprocess.run(self._apache("-k", "stop"), capture_output=True, timeout=60)
            self._wait(lambda: not os.path.exists(pid_file), "Apache to stop", seconds=20, fail=False)
        if self.app and self.app.poll() is None:
            self.app.terminate()
            self.app.wait(timeout=40)
        if os.environ.get("KEEP_STACK") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)

    def error_log(self):
        try:
            with open(self.path("error.log"), errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def app_log(self):
        with open(self.path("fcgi.log"), errors="replace") as f:
            return f.read()

    # --- the parts ---------------------------------------------------------------------------

    def _write_app_config(self):
        with open(os.path.join(harness.STACK, "reserva.conf")) as f:
            config = f.read()
        for name, port, listen in [("reserva.conf", self.port, f"listen = unix:{self.socket}"),
                                   # mod_fcgid hands the socket on stdin, one request at a time.
                                   ("reserva-fcgid.conf", self.fcgid_port, "threads = 1")]:
            text = re.sub(r"(?m)^base_url = .*$", f"base_url = http://127.0.0.1:{port}", config)
            text = re.sub(r"(?m)^threads = .*\n", "", text)
            text = re.sub(r"(?m)^listen = .*$", listen, text)
            with open(self.path(name), "w") as f:
                f.write(text)

    def _start_app(self):
        log = open(self.path("fcgi.log"), "ab")
        env = dict(os.environ, RESERVA_TEMPLATE_DIR=os.path.join(harness.SOURCE, "templates"))
        wrapper = os.environ.get("RESERVA_APP_WRAPPER", "").split()
        self.app = subprocess.Popen(wrapper + [os.path.join(harness.BUILD, "reserva-fcgi"), "--config",
                                               self.path("reserva.conf")], stdout=log, stderr=log, env=env)
        self._wait(lambda: os.path.exists(self.socket), "reserva-fcgi's socket")
        # What reserva.socket does (SocketGroup=www-data, SocketMode=0660): Apache's workers
        # connect as www-data. The app itself makes the socket 0660.
        if os.geteuid() == 0:
            shutil.chown(self.socket, group="www-data")

    def _site(self, port, keep_sendcl):
        with open(os.path.join(harness.SOURCE, "apache", "reserva.conf.in")) as f:
            site = f.read()
        site = site.replace("<VirtualHost *:80>", f"<VirtualHost 127.0.0.1:{port}>")
        site = site.replace("@pkgdatadir@/static/", os.path.join(harness.SOURCE, "static") + "/")
        site = site.replace("/var/lib/reserva/media/", self.media + "/")
        site = site.replace("/run/reserva/fcgi.sock", self.socket)
        if not keep_sendcl:
            site = site.replace("SetEnv proxy-sendcl 1", "# (proxy-sendcl left out for this test)")
        return site

    def _fcgid_site(self):
        """The shipped file's commented mod_fcgid block, uncommented, in a virtual host of its own."""
        with open(os.path.join(harness.SOURCE, "apache", "reserva.conf.in")) as f:
            variant = f.read().split("# Without mod_proxy_fcgi", 1)[1]
        block = "\n".join(line[4:] for line in variant.splitlines() if line.startswith("#   "))
        block = (block.replace("@bindir@", harness.BUILD)
                 .replace("/etc/reserva/reserva.conf", self.path("reserva-fcgid.conf")))
        return (f"<VirtualHost 127.0.0.1:{self.fcgid_port}>\n"
                f"    FcgidInitialEnv RESERVA_TEMPLATE_DIR {os.path.join(harness.SOURCE, 'templates')}\n"
                f"    Alias /static/ {os.path.join(harness.SOURCE, 'static')}/\n"
                f"{block}\n</VirtualHost>\n")

    def _write_apache_config(self):
        with open(self.path("site.conf"), "w") as f:
            f.write(self._site(self.port, True))
        with open(self.path("site-plain.conf"), "w") as f:
            f.write(self._site(self.plain_port, False))
        with open(self.path("site-fcgid.conf"), "w") as f:
            f.write(self._fcgid_site())
        os.makedirs(self.path("fcgid"))
        if os.geteuid() == 0:
            shutil.chown(self.path("fcgid"), user="www-data")
        with open(os.path.join(harness.SOURCE, "apache", "test-main.conf.in")) as f:
            main = f.read()
        user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
        main = (main.replace("@DIR@", self.dir).replace("@SITE@", self.path("site*.conf"))
                .replace("@PORTS@", "\n".join(f"Listen 127.0.0.1:{p}" for p in
                                               (self.port, self.plain_port, self.fcgid_port)))
                .replace("@USER@", user))
        main += ("LoadModule fcgid_module /usr/lib/apache2/modules/mod_fcgid.so\n"
                 f"FcgidIPCDir {self.path('fcgid')}\nFcgidProcessTableFile {self.path('fcgid/shm')}\n")
        with open(self.path("apache2.conf"), "w") as f:
            f.write(main)

    def _apache(self, *args):
        return ["apache2", "-d", self.dir, "-f", self.path("apache2.conf"), *args]

    @staticmethod
    def _connects(port):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    @staticmethod
    def _wait(condition, what, seconds=30, fail=True):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if condition():
                return
            time.sleep(0.1)
        if fail:
            raise RuntimeError(f"{what} did not come up within {seconds} s")
