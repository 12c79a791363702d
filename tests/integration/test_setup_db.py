#!/usr/bin/env python3
"""reservactl setup-db (issue 19): as MariaDB's root over its unix socket it creates the
database and the service's user, and writes socket and password into the configuration file,
which keeps its other lines, its mode and its owner; the service can then migrate and serve with
it; running it again changes nothing that works; it and migrate run on the package's file before
the gateway's secrets are in it; bad names and an unreachable server are refused
with a clear message and leave the file as it was."""
import os
import re
import shutil
import stat
import subprocess
import tempfile
import uuid

import harness
from harness import expect, expect_equal, run, test

SOCKET = os.path.join(harness.STACK, "db", "mysqld.sock") if harness.STACK else ""


def reservactl(config, *args):
    r = subprocess.run([os.path.join(harness.BUILD, "reservactl"), "--config", config, *args], capture_output=True,
                       text=True, timeout=60, env=dict(os.environ, RESERVA_SQL_DIR=os.path.join(harness.SOURCE, "sql")))
    return r.returncode, r.stdout, r.stderr


def root_sql(query):
    r = subprocess.run(["mariadb", "--no-defaults", "--socket", SOCKET, "-uroot", "-N", "-B", "-e", query],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    return r.stdout.strip()


class Fresh:
    """A configuration file like the package's, naming a database and a user that do not exist."""

    def __init__(self, name=None, user=None):
        tag = uuid.uuid4().hex[:8]
        self.name, self.user = name or f"setup_{tag}", user or f"setup_{tag}"
        self.dir = tempfile.mkdtemp(prefix="reserva-setup-db.")
        self.path = os.path.join(self.dir, "reserva.conf")
        with open(os.path.join(harness.STACK, "reserva.conf")) as f:
            text = f.read()
        text = re.sub(r"(?m)^(user|name) = .*$", lambda m: f"{m.group(1)} = {self.name if m.group(1) == 'name' else self.user}", text)
        text = re.sub(r"(?m)^password = .*$", "password =         ; reservactl setup-db writes it", text)
        with open(self.path, "w") as f:
            f.write("; the store's configuration\n" + text)
        os.chmod(self.path, 0o640)

    def text(self):
        with open(self.path) as f:
            return f.read()

    def drop(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        root_sql(f"DROP DATABASE IF EXISTS `{self.name}`; DROP USER IF EXISTS '{self.user}'@'localhost'")


@test
def setup_db_creates_the_database_and_user_and_writes_the_credentials():
    fresh = Fresh()
    try:
        status, out, err = reservactl(fresh.path, "setup-db", "--socket", SOCKET)
        expect_equal((status, out), (0, ""), f"setup-db: {err}")
        expect(f"{fresh.name}" in err and "ready" in err, f"says what it did: {err}")
        text = fresh.text()
        password = re.search(r"(?m)^password = ([0-9a-f]{48})$", text)
        expect(password, f"a 48-hex-digit password written: {text}")
        expect(f"socket = {SOCKET}" in text, "the socket written")
        expect(text.startswith("; the store's configuration\n"), "the other lines kept")
        expect_equal(stat.S_IMODE(os.stat(fresh.path).st_mode), 0o640, "the mode kept")
        expect_equal(root_sql(f"SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA "
                              f"WHERE SCHEMA_NAME = '{fresh.name}'"), "utf8mb4", "the database, in utf8mb4")
        grants = root_sql(f"SHOW GRANTS FOR '{fresh.user}'@'localhost'")
        expect(f"ON `{fresh.name}`.*" in grants and "ALL PRIVILEGES" not in grants and "GRANT OPTION" not in grants,
               f"grants on its database alone: {grants}")
        # The service's own login works: migrate as that user, over the socket written.
        status, _, err = reservactl(fresh.path, "migrate")
        expect_equal(status, 0, f"migrate with the written credentials: {err}")
        expect(int(root_sql(f"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{fresh.name}'")) > 5,
               "the schema was made")
        status, out, err = reservactl(fresh.path, "product", "add", "--name", "Setup tee", "--price", "10.00")
        expect_equal(status, 0, f"the store's user may write: {err}")
        # Again: the same password, the data kept.
        status, _, err = reservactl(fresh.path, "setup-db", "--socket", SOCKET)
        expect_equal(status, 0, f"setup-db again: {err}")
        expect_equal(re.search(r"(?m)^password = (.*)$", fresh.text()).group(1), password.group(1), "the password kept")
        expect_equal(fresh.text().count("password ="), 1, "one password line")
        expect_equal(root_sql(f"SELECT COUNT(*) FROM `{fresh.name}`.product"), "1", "the data kept")
        expect_equal(reservactl(fresh.path, "migrate")[0], 0, "and the service still gets in")
    finally:
        fresh.drop()


@test
def setup_db_and_migrate_run_before_the_gateway_is_set_up():
    # The Debian package's file as shipped: no gateway secrets, no mail server yet.
    fresh = Fresh()
    try:
        text = re.sub(r"(?m)^(access_token|webhook_secret) = .*$", r"\1 =", fresh.text())
        with open(fresh.path, "w") as f:
            f.write(text)
        status, _, err = reservactl(fresh.path, "setup-db", "--socket", SOCKET)
        expect_equal(status, 0, f"setup-db before the gateway is set up: {err}")
        status, _, err = reservactl(fresh.path, "migrate")
        expect_equal(status, 0, f"migrate likewise: {err}")
        r = subprocess.run([os.path.join(harness.BUILD, "reserva-fcgi"), "--config", fresh.path], capture_output=True,
                           text=True, timeout=60)
        expect(r.returncode == 2 and "webhook_secret" in r.stderr, f"the store itself will not serve so: {r.stderr}")
    finally:
        fresh.drop()


@test
def a_bad_name_or_an_unreachable_server_is_refused_and_the_file_left_alone():
    fresh = Fresh(name="shop; DROP DATABASE mysql", user="bad`user")
    try:
        before = fresh.text()
        status, _, err = reservactl(fresh.path, "setup-db", "--socket", SOCKET)
        expect_equal(status, 2, f"a bad name: {err}")
        expect("letters, digits or _" in err, f"says why: {err}")
        expect_equal(fresh.text(), before, "the file unchanged")
        expect_equal(root_sql("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'mysql'"), "1",
                     "nothing dropped")
    finally:
        shutil.rmtree(fresh.dir, ignore_errors=True)  # nothing was made in the database
    fresh = Fresh()
    try:
        before = fresh.text()
        status, _, err = reservactl(fresh.path, "setup-db", "--socket", "/nonexistent/mysqld.sock")
        expect_equal(status, 1, f"no server there: {err}")
        expect(err.strip().splitlines()[-1].startswith("reservactl: ") and "/nonexistent/mysqld.sock" in err,
               f"says where it looked: {err}")
        expect_equal(fresh.text(), before, "the file unchanged")
        status, _, err = reservactl(fresh.path, "setup-db", "--bogus", "1")
        expect_equal(status, 2, f"an unknown option: {err}")
    finally:
        fresh.drop()


run()
