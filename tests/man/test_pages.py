#!/usr/bin/env python3
"""The man pages (issue 19): mandoc -T lint finds nothing in them, each program's --help and its
page name the same options (and, for reservactl, the same commands), reserva.conf(5) describes
every key the configuration parser knows, and make install puts the four pages in place. TAP."""
import os
import re
import subprocess
import sys
import tempfile
import traceback

SOURCE = os.environ.get("RESERVA_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
BUILD = os.environ.get("RESERVA_BUILD_DIR", SOURCE)
PAGES = {"reserva-fcgi": "man/reserva-fcgi.8", "reserva-expire": "man/reserva-expire.8",
         "reservactl": "man/reservactl.8", "reserva.conf": "man/reserva.conf.5"}
# What lint says about the machine rather than the page: cross-references to manuals this machine
# has not installed (nginx, spawn-fcgi, each other before make install) and a stale index.
MACHINE_NOTES = ("referenced manual not found", "outdated mandoc.db")


def page(name):
    with open(os.path.join(SOURCE, PAGES[name])) as f:
        return f.read()


def help_text(program):
    r = subprocess.run([os.path.join(BUILD, program), "--help"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, f"{program} --help exited {r.returncode}"
    return r.stdout


def help_options(text):
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", text))


def page_options(source):
    return {"-" + flag for flag in re.findall(r"\bFl (-[a-z][a-z-]*)", source)}


def help_commands(text):
    """reservactl's commands: the leading words of each line of the Commands: block."""
    block = text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    commands = set()
    for line in block.splitlines():
        if not line.startswith("  ") or line.startswith("   "):
            continue  # a continuation line
        words = []
        for word in line.split("  ")[1].split():
            if word.startswith("-") or word.startswith("[") or not word.islower():
                break
            words.append(word)
        commands.add(" ".join(words))
    return commands


def page_commands(source):
    commands = set()
    for line in re.findall(r"(?m)^\.It Cm (.*)$", source):
        words = []
        for word in line.split():
            if word in ("Fl", "Ar", "Op", "Oo", "No", "Ns"):
                break
            words.append(word)
        commands.add(" ".join(words))
    return commands


def expect_same(from_help, from_page, what):
    missing, extra = from_help - from_page, from_page - from_help
    assert not missing and not extra, f"{what}: in --help only {sorted(missing)}, in the page only {sorted(extra)}"


def test_lint():
    for name, path in PAGES.items():
        r = subprocess.run(["mandoc", "-T", "lint", "-W", "style", os.path.join(SOURCE, path)],
                           capture_output=True, text=True, timeout=30)
        findings = [line for line in (r.stdout + r.stderr).splitlines()
                    if line and not any(note in line for note in MACHINE_NOTES)]
        assert not findings, f"{path}:\n" + "\n".join(findings)


def test_options_match_help():
    for program in ["reserva-fcgi", "reserva-expire", "reservactl"]:
        expect_same(help_options(help_text(program)), page_options(page(program)), f"{program}'s options")


def test_commands_match_help():
    expect_same(help_commands(help_text("reservactl")), page_commands(page("reservactl")), "reservactl's commands")


def test_every_config_key_is_described():
    with open(os.path.join(SOURCE, "src", "util", "config.cc")) as f:
        keys = set(re.findall(r'\{"([a-z_]+\.[a-z_]+)"', f.read()))
    assert len(keys) > 10, f"found only {keys} in config.cc"
    described, section = set(), None
    for line in page("reserva.conf").splitlines():
        found = re.match(r"\.Ss \[([a-z_]+)\]", line)
        if found:
            section = found.group(1)
        found = re.match(r"\.It Cm ([a-z_]+)", line)
        if found and section:
            described.add(f"{section}.{found.group(1)}")
    missing = keys - described
    assert not missing, f"keys the parser knows that reserva.conf(5) does not describe: {sorted(missing)}"
    for line in re.findall(r"(?m)^\.It Cm [a-z_]+ .*$", page("reserva.conf")):
        assert "required" in line or "default" in line, f"says neither required nor its default: {line}"


def test_make_install_puts_the_pages_in_place():
    with tempfile.TemporaryDirectory() as dest:
        r = subprocess.run(["make", "-s", "-C", BUILD, "install-man", f"DESTDIR={dest}"], capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 0, r.stdout + r.stderr
        installed = set()
        for root, _, files in os.walk(dest):
            installed |= {os.path.join(os.path.basename(root), f) for f in files}
        wanted = {"man8/reserva-fcgi.8", "man8/reserva-expire.8", "man8/reservactl.8", "man5/reserva.conf.5"}
        assert wanted <= installed, f"installed: {sorted(installed)}"


TESTS = [test_lint, test_options_match_help, test_commands_match_help, test_every_config_key_is_described,
         test_make_install_puts_the_pages_in_place]

print(f"1..{len(TESTS)}")
for number, fn in enumerate(TESTS, start=1):
    try:
        fn()
        print(f"ok {number} - {fn.__name__}")
    except Exception:
        print(f"not ok {number} - {fn.__name__}")
        for line in traceback.format_exc().splitlines():
            print(f"# {line}")
    sys.stdout.flush()
