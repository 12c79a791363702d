#!/usr/bin/env python3
"""The process stays up when the database goes away and comes back, and SIGTERM lets requests
in flight finish. These tests stop and start parts of the stack, so they run last and alone."""
import os
import signal
import subprocess
import threading
import time

from harness import STACK, app_log, app_pid, expect, expect_equal, get, run, stack, test


@test
def database_down_gives_503_pages_and_service_returns_without_restart():
    expect_equal(get("/store/").status, 200, "before")
    pid = app_pid()
    r = stack("db-stop")
    expect_equal(r.returncode, 0, f"db-stop: {r.stderr}")
    try:
        for path in ["/store/", "/product/1/", "/store/"]:
            answer = get(path)
            expect_equal(answer.status, 503, f"status of {path} while MariaDB is down")
            expect("try again" in answer.text, "a page that tells the shopper what to do")
            expect_equal(answer.header("Retry-After"), "30", "Retry-After")
    finally:
        r = stack("db-start")
        expect_equal(r.returncode, 0, f"db-start: {r.stderr}")
    expect_equal(get("/store/").status, 200, "first request after MariaDB is back")
    expect_equal(get("/product/1/").status, 200, "and the next")
    expect_equal(app_pid(), pid, "the same process served throughout")
    os.kill(pid, 0)  # still alive
    expect("503: GET /store/" in app_log(), "the outage is logged")


@test
def sigterm_finishes_the_request_in_flight_then_exits():
    # A WRITE lock on catalog_version, which every shop page reads, makes GET /store/ wait inside
    # the app: a request in flight.
    locker = subprocess.Popen(["mariadb", "--no-defaults", "--socket", os.path.join(STACK, "db", "mysqld.sock"),
                               "-uroot", "reserva"], stdin=subprocess.PIPE, text=True)
    locker.stdin.write("LOCK TABLES catalog_version WRITE;\nSELECT SLEEP(60);\n")
    locker.stdin.flush()
    time.sleep(0.5)
    result = {}
    slow = threading.Thread(target=lambda: result.update(r=get("/store/", timeout=60)))
    slow.start()
    time.sleep(0.5)
    pid = app_pid()
    os.kill(pid, signal.SIGTERM)
    time.sleep(0.5)
    os.kill(pid, 0)  # raises if the process did not wait for its request
    locker.kill()  # the lock dies with the session, the request goes on
    locker.wait()
    slow.join(timeout=30)
    expect_equal(result["r"].status, 200, "the request in flight got its page")
    expect("Our collection" in result["r"].text, "the whole page")
    for _ in range(100):
        try:
            os.kill(pid, 0)
            time.sleep(0.1)
        except ProcessLookupError:
            break
    else:
        raise AssertionError("reserva-fcgi did not exit after SIGTERM")
    expect("reserva-fcgi: stopped" in app_log(), "a clean stop is logged")
    r = stack("app-start")
    expect_equal(r.returncode, 0, f"app-start: {r.stderr}")
    expect_equal(get("/store/").status, 200, "serving again after a restart")


run()
