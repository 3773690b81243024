#!/usr/bin/env bash
# Runs the Python baseline and every Swift benchmark in one go, and prints the tables of
# BENCHMARKS.md: the figures, the ratios to the hand-written floors and to Python, and which
# targets are met.
#
#   Benchmarks/run.sh            print the report (raw outputs are kept in Benchmarks/.results/)
#   Benchmarks/run.sh --update   also rewrite the figures section of BENCHMARKS.md
#
# Extra arguments after `--` go to `swift package benchmark` (for example `-- --target Parsing`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
update=0
extra=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --update) update=1 ;;
        --) shift; extra=("$@"); break ;;
        *) echo "usage: $0 [--update] [-- benchmark options]" >&2; exit 2 ;;
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

echo "== Python baseline (before)" >&2
python3 "$here/Fixtures/python_baseline.py" | tee "$results/python.txt" >&2

echo "== Swift benchmarks (this builds them first: a few minutes on a clean clone)" >&2
(cd "$here" && swift package --allow-writing-to-package-directory benchmark --no-progress --format markdown ${extra[@]+"${extra[@]}"}) \
    > "$results/swift.md"
grep -E "^(## |### )" "$results/swift.md" >&2 || true

echo "== The per-call comparison interleaved (Paired)" >&2
(cd "$here" && swift build -c release --product Paired >&2)
"$(cd "$here" && swift build -c release --show-bin-path)/Paired" 201 | tee "$results/paired.txt" >&2

echo "== Over the network (Network) and a 1,000,000-recipient campaign (Campaign)" >&2
(cd "$here" && swift build -c release --product Network >&2 && swift build -c release --product Campaign >&2)
bin="$(cd "$here" && swift build -c release --show-bin-path)"
for part in connections latency stale; do
    "$bin/Network" "$part" | tee "$results/network-$part.md" >&2
done
for recipients in 10000 1000000; do
    for side in floor sdk; do "$bin/Campaign" "$side" "$recipients"; done
done | tee "$results/campaign.txt" >&2

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
