#!/usr/bin/env bash
# Runs the Python baseline and every Swift benchmark in one go, and prints the tables of
# BENCHMARKS.md: the figures, the ratios to the hand-written floors and to Python, and which
# targets are met.
#
#   Benchmarks/run.sh            print the report (raw outputs are kept in Benchmarks/.results/)
#   Benchmarks/run.sh --update   also rewrite the figures section of BENCHMARKS.md
#   Benchmarks/run.sh --network  only the Network and Campaign executables (connections per send,
#                                latency through the delay proxy, stale connections, the campaign)
#
# Extra arguments after `--` go to `swift package benchmark` (for example `-- --target Parsing`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
update=0
network_only=0
extra=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --update) update=1 ;;
        --network) network_only=1 ;;
        --) shift; extra=("$@"); break ;;
        *) echo "usage: $0 [--update | --network] [-- benchmark options]" >&2; exit 2 ;;
    esac
    shift
done

results="$here/.results"
mkdir -p "$results"
{
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -s) $(uname -m), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')),"
    echo "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null) memory, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) at the start;"
    echo "$(swift --version 2>&1 | head -1), $(python3 --version 2>&1), release build of SDK commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)."
} > "$results/machine.md"

# The Network and Campaign executables. URLSession on Linux takes its CA bundle from a fixed
# path (FoundationNetworking ignores URLSessionCertificateAuthorityInfoFile in this toolchain), so
# the TLS server's self-signed certificate is added to a copy of the system bundle that is
# bind-mounted over it in a private mount namespace of the benchmark process (unshare -m, root).
# Without that, URLSession's TLS row reports the failure and the plain TCP rows still compare.
run_network() {
    echo "== Over the network (Network) and a 1,000,000-recipient campaign (Campaign)" >&2
    (cd "$here" && swift build -c release --product Network >&2 && swift build -c release --product Campaign >&2)
    local bin tls bundle=/etc/ssl/certs/ca-certificates.crt
    bin="$(cd "$here" && swift build -c release --show-bin-path)"
    tls="$(mktemp -d)"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$tls/key.pem" -out "$tls/cert.pem" \
        -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
    cat "$bundle" "$tls/cert.pem" > "$tls/bundle.crt"
    "$bin/Network" connections | tee "$results/network-connections.md" >&2
    if unshare -m true 2>/dev/null; then
        SMS_BENCH_TLS_DIR="$tls" unshare -m sh -c 'mount --bind "$1" "$2" && exec "$3" latency' sh "$tls/bundle.crt" "$bundle" "$bin/Network"
    else
        SMS_BENCH_TLS_DIR="$tls" "$bin/Network" latency
    fi | tee "$results/network-latency.md" >&2
    rm -rf "$tls"
    "$bin/Network" stale | tee "$results/network-stale.md" >&2
    for recipients in 10000 1000000; do
        for side in floor sdk; do "$bin/Campaign" "$side" "$recipients"; done
    done | tee "$results/campaign.txt" >&2
}

if [ "$network_only" = 1 ]; then
    run_network
    python3 "$here/report.py" --network "$results" "$results/machine.md" > "$results/report-network.md"
    cat "$results/report-network.md"
    exit 0
fi

echo "== Python baseline (before)" >&2
python3 "$here/Fixtures/python_baseline.py" | tee "$results/python.txt" >&2

echo "== Swift benchmarks (this builds them first: a few minutes on a clean clone)" >&2
# The harness suites by name: the plugin would otherwise also start the plain executables (Paired,
# Network, Campaign), which take arguments of their own and fail without them.
case " ${extra[*]-} " in
    *" --target "*) ;;
    *) extra+=(--target CallOverhead --target Loopback --target Parsing --target Scale --target StateStores) ;;
esac
(cd "$here" && swift package --allow-writing-to-package-directory benchmark --no-progress --format markdown "${extra[@]}") \
    > "$results/swift.md"
grep -E "^(## |### )" "$results/swift.md" >&2 || true

echo "== The per-call comparison interleaved (Paired)" >&2
(cd "$here" && swift build -c release --product Paired >&2)
"$(cd "$here" && swift build -c release --show-bin-path)/Paired" 201 | tee "$results/paired.txt" >&2

run_network

echo "== Python baseline (after)" >&2
python3 "$here/Fixtures/python_baseline.py" | tee -a "$results/python.txt" >&2

python3 "$here/report.py" "$results/swift.md" "$results/python.txt" "$results/machine.md" "$results/paired.txt" "$results" > "$results/report.md"
cat "$results/report.md"

if [ "$update" = 1 ]; then
    python3 - "$root/BENCHMARKS.md" "$results/report.md" <<'PY'
import sys
path, report = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().strip()
text = open(path, encoding="utf-8").read()
begin, end = "<!-- figures:begin -->", "<!-- figures:end -->"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path, "w", encoding="utf-8").write(head + begin + "\n" + report + "\n" + end + tail)
PY
    echo "== BENCHMARKS.md updated" >&2
fi
