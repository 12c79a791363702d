#!/usr/bin/env python3
"""Renders bench/run's collected RESULT lines as one table plus the issue's targets.

  table.py RESULTS_FILE

RESULTS_FILE has one line per measurement: `KIND|LABEL|key=value ...` where KIND is wrk (a wrk
run: baseline-static, baseline-bare or store), queries (per page), race (hot variant), floor (one
statement's least cost, bench/statement_floor.cc), rss or info (free text shown above the table)."""
import sys


def fields(text):
    out = {}
    for part in text.split():
        key, sep, value = part.partition("=")
        if sep:
            out[key] = value
    return out


def num(value, default=0.0):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def main(path):
    wrk, queries, races, floors, rss, rss_large, info = [], {}, [], [], {}, {}, []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            kind, label, rest = (line.split("|", 2) + ["", ""])[:3]
            if kind == "wrk":
                role, _, name = label.partition(":")
                r = fields(rest)
                seconds = num(r.get("duration_us")) / 1e6 or 1.0
                wrk.append({"role": role, "name": name, "rps": num(r.get("requests")) / seconds,
                            "p50": num(r.get("p50_us")) / 1000, "p99": num(r.get("p99_us")) / 1000,
                            "errors": int(num(r.get("status_errors"))) + int(num(r.get("socket_errors"))),
                            "path": r.get("path", ""), "other": r.get("other_cpu", "?"),
                            "cpu": {k: int(num(r.get(f"cpu_{k}_us"))) for k in ("nginx", "app", "db", "wrk")}})
            elif kind == "queries":
                queries[label] = fields(rest)
            elif kind == "race":
                races.append(fields(rest))
            elif kind == "floor":
                floors.append(fields(rest))
            elif kind == "rss":
                rss = fields(rest)
            elif kind == "rss_large":
                rss_large = fields(rest)
            elif kind == "info":
                info.append(rest)

    bare = [w for w in wrk if w["role"] == "bare"]
    bare_rps = sum(w["rps"] for w in bare) / len(bare) if bare else 0.0
    bare_p99 = sum(w["p99"] for w in bare) / len(bare) if bare else 0.0
    bare_cpu = sum(sum(w["cpu"].values()) for w in bare) / len(bare) if bare else 0.0

    rows = [("route", "req/s", "p50 ms", "p99 ms", "vs bare", "vs bare by CPU", "queries/req", "errors", "other CPU %")]
    for w in wrk:
        ratio = f"{w['rps'] / bare_rps:.2f}" if bare_rps else "-"
        cpu = sum(w["cpu"].values())
        cpu_ratio = f"{bare_cpu / cpu:.2f}" if bare_cpu and cpu else "-"
        q = queries.get(w["path"])
        qtext = f"{num(q['questions']):.1f}" if q else "-"
        rows.append((w["name"], f"{w['rps']:.0f}", f"{w['p50']:.2f}", f"{w['p99']:.2f}", ratio, cpu_ratio, qtext,
                     str(w["errors"]), w["other"]))
    for r in races:
        label = (f"{'confirm->approve->finalize' if r['race'] == 'full' else 'approve->finalize, holds lapsed'}"
                 f" ({r['shoppers']} shoppers, {r['units']} units, {r['parallel']} at once)")
        rows.append((label, f"{num(r['payments_per_s']):.1f} pay/s", "-", "-", "-", "-",
                     f"{num(r.get('questions_per_shopper')):.1f}/shopper", r["errors_5xx"], "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = list(info)
    lines.append("")
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.append("vs bare = req/s divided by the bare libfcgi baseline's"
                 + (f" (mean of {len(bare)} runs: {bare_rps:.0f} req/s, p99 {bare_p99:.2f} ms)" if bare else "")
                 + "; queries/req = MariaDB Questions per request (statements executed; prepares are"
                 " counted apart below); errors = non-2xx/3xx answers + socket errors; other CPU % = share of"
                 " the machine's CPU time used during the run by processes outside this benchmark (noise);"
                 " vs bare by CPU = the bare baseline's CPU time per request (nginx + app + MariaDB + wrk, all"
                 " on the same 2 CPUs) divided by the route's: the ratio a quiet, saturated machine would show.")
    lines.append("")
    lines.append("CPU time per request (microseconds, from /proc/PID/stat over the measured run; app = reserva-fcgi or"
                 " bare_fcgi):")
    cpu_rows = [("route", "nginx", "app", "MariaDB", "wrk", "total")]
    for w in wrk:
        c = w["cpu"]
        cpu_rows.append((w["name"], *(str(c[k]) for k in ("nginx", "app", "db", "wrk")), str(sum(c.values()))))
    cw = [max(len(row[i]) for row in cpu_rows) for i in range(len(cpu_rows[0]))]
    for row in cpu_rows:
        lines.append("  " + "  ".join([row[0].ljust(cw[0])] + [c.rjust(x) for c, x in zip(row[1:], cw[1:])]))
    lines.append("")
    for f in floors:
        least = num(f.get("mariadb_us")) + num(f.get("client_us"))
        lines.append(f"  floor, {f['statement']} ({f['connections']} connections executing it in a loop, no web server):"
                     f" MariaDB {num(f.get('mariadb_us')):.0f} us + client {num(f.get('client_us')):.0f} us per execution;"
                     f" a page with one such statement costs at least the bare page's CPU + {least:.0f} us"
                     + (f", at most {bare_cpu / (bare_cpu + least):.2f} of bare by CPU" if bare_cpu else ""))
    for path, q in queries.items():
        lines.append(f"  {path}: {num(q['questions']):.2f} statements ({num(q['executes']):.2f} prepared executes,"
                     f" {num(q['prepares']):.2f} prepares) per request")
    for r in races:
        lines.append(f"  race {r['race']}: {r['seconds']} s, {r['finished_orders']} finished orders for {r['units']} units,"
                     f" {r['refunds']} refunds, {r['declined_at_confirm']} sent back at confirm, stock left"
                     f" {r['stock_left']}, {r['journeys_per_s']} shoppers/s, 5xx {r['errors_5xx']}:"
                     f" oversell check {r['oversell_check']}")
    if rss:
        lines.append(f"  reserva-fcgi memory: VmRSS {int(num(rss.get('max_rss_kb'))) // 1024} MB at most after the"
                     f" 64-connection runs, {int(num(rss.get('end_rss_kb'))) // 1024} MB at the end, peak (VmHWM)"
                     f" {int(num(rss.get('hwm_kb'))) // 1024} MB; {rss.get('threads', '?')} threads")

    # The targets (issue 20), by req/s and by CPU in this sitting.
    lines.append("")
    lines.append("targets (issue 20):")

    def verdict(ok):
        return "MET" if ok else "MISSED"

    def cpu_of(w):
        return sum(w["cpu"].values())

    def by_cpu(w):
        return bare_cpu / cpu_of(w) if bare_cpu and cpu_of(w) else 0.0

    store = [w for w in wrk if w["role"] == "store"]

    def route(prefix, tag=None):
        """The first store row whose path starts with prefix and whose name has (or, tag None, has no) "(" tag."""
        for w in store:
            if w["path"].startswith(prefix) and ((tag is None and "(" not in w["name"].replace("(3 lines)", ""))
                                                 or (tag is not None and tag in w["name"])):
                return w
        return None

    for prefix, need, p99 in (("/store/", 0.50, False), ("/product/", 0.50, False), ("/cart/", 0.40, True),
                              ("/checkout/", 0.40, True)):
        w = route(prefix)
        if not (w and bare_rps):
            continue
        ratio = w["rps"] / bare_rps
        text = (f"  {w['name']}: >= {need:.2f} of bare: req/s {ratio:.2f} -> {verdict(ratio >= need)},"
                f" by CPU {by_cpu(w):.2f} -> {verdict(by_cpu(w) >= need)}")
        if p99:
            text += f"; p99 <= 2 x bare's ({2 * bare_p99:.2f} ms): {w['p99']:.2f} ms -> {verdict(w['p99'] <= 2 * bare_p99)}"
        lines.append(text)
    plain, busy = route("/product/"), route("/product/", "live holds")
    if plain and busy:
        lines.append(f"  {busy['name']}: as {plain['name']} (CPU within 10 %): {cpu_of(busy)} vs {cpu_of(plain)} us"
                     f" -> {verdict(cpu_of(busy) <= 1.10 * cpu_of(plain))}")
    small, large = route("/store/"), route("/store/", "more products")
    if small and large:
        lines.append(f"  {large['name']}: within 10 % of the 6-product store by CPU: {cpu_of(large)} vs {cpu_of(small)} us"
                     f" -> {verdict(cpu_of(large) <= 1.10 * cpu_of(small))}")
    if rss:
        peak = max(num(rss.get("max_rss_kb")), num(rss.get("end_rss_kb")))
        lines.append(f"  reserva-fcgi RSS < 64 MB at 64 connections: {peak / 1024:.1f} MB -> {verdict(peak < 64 * 1024)}")
    if rss_large:
        kb = num(rss_large.get("rss_kb"))
        lines.append(f"  reserva-fcgi RSS < 64 MB with the catalog copy of {rss_large.get('products', '?')} products"
                     f" ({rss_large.get('variants', '?')} variants) loaded: {kb / 1024:.1f} MB -> {verdict(kb < 64 * 1024)}")
    for r in races:
        ok = r["oversell_check"] == "ok" and r["errors_5xx"] == "0"
        lines.append(f"  hot variant ({r['race']}): no oversell, no 5xx, {num(r['payments_per_s']):.1f} payments/s"
                     f" -> {verdict(ok)}")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
