#!/usr/bin/env python3
"""Runs the Boost.Test unit tests and reports each test case as a TAP line, so that
`make check` and scripts/check count test cases rather than one program."""
import os
import re
import subprocess
import sys

binary = os.path.join(os.environ.get("RESERVA_BUILD_DIR", "."), "tests", "unit", "unit_tests")
run = subprocess.run([binary, "--log_level=test_suite", "--report_level=no", "--color_output=no"],
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")

results = []          # (name, failures)
current = None
failures = []
for line in run.stdout.splitlines():
    entering = re.search(r'Entering test case "([^"]+)"', line)
    leaving = re.search(r'Leaving test case "([^"]+)"', line)
    if entering:
        current, failures = entering.group(1), []
    elif leaving and current:
        results.append((current, failures))
        current = None
    elif current and ("error" in line or "fatal" in line):
        failures.append(line)

print(f"1..{len(results) + 1}")
for number, (name, errors) in enumerate(results, start=1):
    print(f"{'not ok' if errors else 'ok'} {number} - {name}")
    for error in errors:
        print(f"# {error}")
# The program's own verdict too: a crash between test cases must not pass unseen.
verdict = "ok" if run.returncode == 0 else "not ok"
print(f"{verdict} {len(results) + 1} - unit test program exited with status {run.returncode}")
if run.returncode != 0:
    for line in run.stdout.splitlines()[-20:]:
        print(f"# {line}")
