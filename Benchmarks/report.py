#!/usr/bin/env python3
"""Turns one run of the Swift benchmarks (markdown output of `swift package benchmark`) and of the
Python baseline into the tables of BENCHMARKS.md: figures, ratios to the hand-written floor and
to Python, and each target marked met or missed.

    report.py <benchmark-markdown-file> <python-output-file> [<machine-file>]

Prints markdown. Used by run.sh; see BENCHMARKS.md."""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TIME_UNITS = {"ns": 1e-9, "μs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
COUNT_UNITS = {"#": 1, "K": 1e3, "M": 1e6, "G": 1e9}


def parse_benchmarks(path):
    """{benchmark name: {metric: {p0, p25, p50, ..., samples}}} in base units (s, bytes, counts)."""
    results, name = {}, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("### "):
            name = line[4:].strip()
            results[name] = {}
            continue
        if not (name and line.startswith("|")) or line.startswith("|:") or "| Metric" in line:
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 9:
            continue
        label = cells[0].rstrip(" *").strip()
        match = re.match(r"^(.*?) \(([^()]*)\)$", label)
        metric, unit = (match.group(1), match.group(2)) if match else (label, "#")
        if unit not in TIME_UNITS and unit not in COUNT_UNITS:  # "Malloc (total)": no unit shown
            metric, unit = label, "#"
        if metric == "Throughput (# / s)":
            metric = "Throughput"
        factor = TIME_UNITS.get(unit) or COUNT_UNITS.get(unit, 1)
        values = [float(c) * factor for c in cells[1:8]]
        results[name][metric] = dict(zip(["p0", "p25", "p50", "p75", "p90", "p99", "p100"], values))
        results[name][metric]["samples"] = int(cells[8])
    return results


def parse_python(path):
    """{format: ms per page}, the best of every baseline run in the file."""
    best = {}
    for line in open(path, encoding="utf-8"):
        match = re.match(r"^(TAB|JSON 3\.0|JSON|XML): ([\d.]+) MB/s, ([\d.]+) ms per 1000-row page", line)
        if match:
            fmt, ms = match.group(1), float(match.group(3))
            best[fmt] = min(ms, best.get(fmt, ms))
    return best


def fmt_time(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e9:.0f} ns"


def fmt_bytes(count):
    return f"{count / 1e6:.1f} MB"


def metric(results, name, key, percentile="p50"):
    try:
        return results[name][key][percentile]
    except KeyError:
        return None


def parse_paired(path):
    """{call: {rounds, median, p10, p90, sdk_best, floor_best}} from the `Paired` executable's lines
    (times in seconds, as the harness figures are)."""
    paired = {}
    if path is None:
        return paired
    for line in open(path, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 7:
            continue
        name, rounds, median, p10, p90, sdk_best, floor_best = fields
        paired[name] = {"rounds": int(rounds), "median": float(median), "p10": float(p10), "p90": float(p90),
                        "sdk_best": float(sdk_best) / 1e9, "floor_best": float(floor_best) / 1e9}
    return paired


def main():
    if sys.argv[1] == "--network":
        out = [open(sys.argv[3], encoding="utf-8").read().strip()] if len(sys.argv) > 3 else []
        print("\n".join(out + network_and_campaign(sys.argv[2])))
        return
    bench = parse_benchmarks(sys.argv[1])
    python = parse_python(sys.argv[2])
    paired = parse_paired(sys.argv[4] if len(sys.argv) > 4 else None)
    out = []
    if len(sys.argv) > 3:
        out.append(open(sys.argv[3], encoding="utf-8").read().strip())
        out.append("")
    time_key, malloc_key = "Time (wall clock)", "Malloc (total)"

    out.append("### Parsing a 1000-row delivery page into typed rows\n")
    out.append("Swift: median (p50) of the harness's samples. Python: best of 7 × 20 runs of "
               "`Fixtures/python_baseline.py` (its own figure), best of the runs before and after the Swift suites.\n")
    out.append("| Format | SDK p50 | SDK MB/s | mallocs | Python | SDK vs Python | target | |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---|")
    targets = {"TAB": 5.0, "JSON": 1.5, "XML": 2.0, "JSON 3.0": 1.5}
    files = {"TAB": "dr-page-1000.tab", "JSON": "dr-page-1000.json", "XML": "dr-page-1000.xml", "JSON 3.0": "dr-page-1000-v3.json"}
    sizes = {fmt: os.path.getsize(os.path.join(HERE, "Fixtures", files[fmt])) for fmt in targets}
    for fmt, target in targets.items():
        name = f"DR page 1000 rows {fmt}"
        swift = metric(bench, name, time_key)
        mallocs = metric(bench, name, malloc_key)
        if swift is None or fmt not in python:
            out.append(f"| {fmt} | not measured | | | | | {target}× | MISSED (no figure) |")
            continue
        ratio = python[fmt] / 1e3 / swift
        verdict = "met" if ratio >= target else "**MISSED**"
        out.append(f"| {fmt} | {fmt_time(swift)} | {sizes[fmt] / 1e6 / swift:.0f} | {mallocs:.0f} | {python[fmt]:.2f} ms | "
                   f"{ratio:.1f}× as fast | ≥ {target}× | {verdict} |")

    out.append("\n### Other parsers (one answer each)\n")
    out.append("| Answer | p50 | p90 | mallocs |")
    out.append("|---|---:|---:|---:|")
    for name in ["Reply page 10 rows TAB", "Reply page 10 rows JSON", "Send result", "Send result in JSON envelope",
                 "Push report", "OMICard answer XML", "OMICard answer CSV"]:
        p50, p90, mallocs = metric(bench, name, time_key), metric(bench, name, time_key, "p90"), metric(bench, name, malloc_key)
        if p50 is not None:
            out.append(f"| {name} | {fmt_time(p50)} | {fmt_time(p90)} | {mallocs:.0f} |")

    out.append("\n### The SDK's cost of one call against the same call written by hand\n")
    out.append("In-process transport answering at once; password mode. Two measurements of the same calls. "
               "**Interleaved** (`Paired`, the one the target is judged on): the SDK and the floor take turns in one "
               "process, a block of calls each, and each round's ratio is SDK / floor; the median of the rounds (p10–p90 "
               "beside it) compares the two on the same machine at the same moment. **Harness** (the `CallOverhead` "
               "suite): each side in a process of its own, one after the other; p50 and best (p0) of its samples, and "
               "their ratios, which move with the machine's drift (see the note on noise below). Target ≤ 1.2×.\n")
    out.append("| Call | interleaved SDK / floor (p10–p90) | interleaved best: SDK | floor | harness p50: SDK | floor "
               "| harness SDK / floor: p50 | best | mallocs: SDK | floor | |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for call in ["sendSMS", "SendParam 10 recipients", "credit", "DR page 1000 rows JSON"]:
        sdk, floor = metric(bench, f"SDK {call}", time_key), metric(bench, f"Floor {call}", time_key)
        pair = paired.get(call)
        if sdk is None or floor is None or pair is None:
            out.append(f"| {call} | not measured | | | | | | | | | **MISSED** (no figure) |")
            continue
        sdk_best, floor_best = metric(bench, f"SDK {call}", time_key, "p0"), metric(bench, f"Floor {call}", time_key, "p0")
        ratio, best_ratio = sdk / floor, sdk_best / floor_best
        verdict = "met" if pair["median"] <= 1.2 else "**MISSED**"
        out.append(f"| {call} | {pair['median']:.2f}× ({pair['p10']:.2f}–{pair['p90']:.2f}) | {fmt_time(pair['sdk_best'])} | "
                   f"{fmt_time(pair['floor_best'])} | {fmt_time(sdk)} | {fmt_time(floor)} | {ratio:.2f}× | {best_ratio:.2f}× | "
                   f"{metric(bench, f'SDK {call}', malloc_key):.0f} | {metric(bench, f'Floor {call}', malloc_key):.0f} | {verdict} |")

    out.append("\n### Work that grows with the batch\n")
    out.append("Peak resident memory of the whole benchmark process (sampled every ~5 ms during the run), "
               "and its growth over the process's own baseline at the start of the benchmark.\n")
    out.append("| Work | p50 | per row | mallocs | peak RSS | peak RSS growth |")
    out.append("|---|---:|---:|---:|---:|---:|")
    rss_key, delta_key = "Memory (resident peak)", "Memory Δ (resident peak)"
    rows = {"SDK SendParam 1000 recipients": 1000, "Floor SendParam 1000 recipients": 1000,
            "SDK SendParam 10000 recipients": 10_000, "Floor SendParam 10000 recipients": 10_000,
            "Paging 10000 rows": 10_000, "Paging 100000 rows": 100_000, "Paging 1000000 rows": 1_000_000}
    for name, count in rows.items():
        p50 = metric(bench, name, time_key)
        if p50 is None:
            continue
        rss, delta = metric(bench, name, rss_key, "p100"), metric(bench, name, delta_key, "p100")
        out.append(f"| {name} | {fmt_time(p50)} | {fmt_time(p50 / count)} | {metric(bench, name, malloc_key):.0f} | "
                   f"{fmt_bytes(rss) if rss else '–'} | {fmt_bytes(delta) if delta is not None else '–'} |")
    small, large = metric(bench, "Paging 10000 rows", rss_key, "p100"), metric(bench, "Paging 1000000 rows", rss_key, "p100")
    if small and large:
        growth = large / small
        verdict = "met" if growth <= 1.10 else "**MISSED**"
        out.append(f"\nMemory flat in batch size: peak RSS paging 1,000,000 rows is {growth:.2f}× that of 10,000 rows "
                   f"(target: flat, ≤ 1.10×): {verdict}.")

    out.append("\n### Through URLSessionTransport against a loopback server\n")
    out.append("sendSMS in password mode to a keep-alive HTTP/1.1 responder on 127.0.0.1, beside the same POST made with a "
               "bare `URLSession.data(for:)` (body built by hand) as the floor; each measurement is 1000 calls spread over "
               "N concurrent tasks.\n")
    out.append("| Calls in flight | SDK wall time per call (p50) | SDK calls/s | SDK CPU per call | bare URLSession per call | "
               "bare calls/s | SDK / bare |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|")
    for concurrency in [1, 8, 32]:
        name = f"URLSessionTransport sendSMS concurrency {concurrency}"
        bare_name = f"Bare URLSession POST concurrency {concurrency}"
        p50, bare = metric(bench, name, time_key), metric(bench, bare_name, time_key)
        if p50 is None:
            continue
        cpu = metric(bench, name, "Time (total CPU)")
        bare_cells = f"{fmt_time(bare)} | {1 / bare:,.0f} | {p50 / bare:.2f}×" if bare else "– | – | –"
        out.append(f"| {concurrency} | {fmt_time(p50)} | {1 / p50:,.0f} | {fmt_time(cpu) if cpu else '–'} | {bare_cells} |")
    if len(sys.argv) > 5:
        out.extend(network_and_campaign(sys.argv[5]))
    print("\n".join(out))


def network_and_campaign(results):
    """The tables `Network` prints as they are, and the `Campaign` lines as a table with the goals."""
    out = []
    sections = [("connections", "Connections per send in steady state",
                 "sendSMS to a keep-alive HTTP/1.1 server on 127.0.0.1 that counts the connections it accepts; "
                 "after a warm-up of 4 sends per task, 2000 sends spread over N tasks, each client allowed max(6, N) "
                 "connections. The floor is AsyncHTTPClient's `HTTPClient` with the form written by hand."),
                ("latency", "Send latency through a 10 ms delay proxy",
                 "One send at a time, 200 after 3 warm-ups, through a proxy on 127.0.0.1 that holds every chunk 10 ms in "
                 "each direction (and the first chunk of a new connection 20 ms more, for the TCP handshake a userspace "
                 "proxy cannot delay) to a server with a self-signed certificate (TLS) or without (plain TCP). "
                 "Connections: how many the proxy accepted during the 200 sends."),
                ("stale", "A kept-alive connection closed under a POST",
                 "One POST answered on a kept-alive connection, 50 ms idle, then a second POST that the server's first "
                 "connection dies under (later connections answer normally). Three runs each. Requests read whole "
                 "above 2 mean the client sent a POST again by itself.")]
    for name, title, text in sections:
        path = os.path.join(results, f"network-{name}.md")
        if os.path.exists(path):
            out += [f"\n### {title}\n", text + "\n", open(path, encoding="utf-8").read().strip()]
    path = os.path.join(results, "campaign.txt")
    if not os.path.exists(path):
        return out
    runs = {}
    for line in open(path, encoding="utf-8"):
        side, recipients, seconds, rate, hwm, chunks = line.split()
        runs[(side, int(recipients))] = (float(seconds), int(rate), int(hwm), int(chunks))
    out.append("\n### A personalised campaign against a gateway that keeps nothing\n")
    out.append("`Every8DCampaign.sendPersonalized` (chunks of 500, 4 in flight, the default in-memory ledger) against an "
               "in-process `SendParam.ashx` that answers every chunk as sent and keeps nothing, beside the floor: the same "
               "chunks appended by hand (`HandWrittenClient.sendPersonalized`, 4 in flight, no row checks, no keys). "
               "One process a run; peak RSS is its `VmHWM`.\n")
    out.append("| Recipients | Side | Time | Recipients/s | Peak RSS |")
    out.append("|---:|---|---:|---:|---:|")
    for (side, recipients), (seconds, rate, hwm, _) in sorted(runs.items(), key=lambda item: (item[0][1], item[0][0])):
        out.append(f"| {recipients:,} | {'SDK' if side == 'sdk' else 'floor'} | {seconds:.2f} s | {rate:,} | {hwm / 1024:.1f} MiB |")
    if ("sdk", 1_000_000) in runs and ("floor", 1_000_000) in runs:
        ratio = runs[("sdk", 1_000_000)][1] / runs[("floor", 1_000_000)][1]
        out.append(f"\nThroughput, 1,000,000 recipients: SDK {ratio:.2f}× the floor's (goal ≥ 0.8×): "
                   f"{'met' if ratio >= 0.8 else '**MISSED**'}.")
    if ("sdk", 1_000_000) in runs and ("sdk", 10_000) in runs:
        growth = runs[("sdk", 1_000_000)][2] / runs[("sdk", 10_000)][2]
        out.append(f"Peak RSS, 1,000,000 recipients: {growth:.2f}× the 10,000 run's (goal ≤ 1.1×): "
                   f"{'met' if growth <= 1.1 else '**MISSED**'}.")
    return out


if __name__ == "__main__":
    main()
