#!/usr/bin/env bash
# Builds every libFuzzer target (Fuzz/Targets) with -sanitize=fuzzer,address and runs each for a
# bounded time, starting from the committed seeds in Fuzz/corpus/<target>.
#
#   Fuzz/run.sh [seconds-per-target] [target ...]
#
# Default 20 seconds per target, all targets. New interesting inputs go to Fuzz/corpus-work/<target>
# (not committed); a crash, hang, leak-free OOM or failed property writes the input to
# Fuzz/artifacts/ and makes the script exit 1 after the remaining targets have run.
# FUZZ_JOBS=N runs N targets at a time (default 1). FUZZ_MAX_LEN caps input size (default 4096).
# FUZZ_RSS_LIMIT_MB is the memory limit per target (default 6144).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-20}"
shift || true
all_targets=(SendResult DeliveryTAB DeliveryJSON DeliveryXML DeliveryDifferential ReplyPage HandlerJSON
             PushReport OmiCardResponse CSV XMLTree Scalars FormEncoding SOAPEnvelope V3Answers)
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
max_len="${FUZZ_MAX_LEN:-4096}"
jobs="${FUZZ_JOBS:-1}"
rss_limit="${FUZZ_RSS_LIMIT_MB:-6144}"

echo "== building fuzz targets (release, -sanitize=fuzzer,address)"
build_start=$(date +%s)
swift build -c release --package-path "$here" --scratch-path "$here/.build" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
    | grep -v "Cannot export local symbol" || true
bin="$(swift build -c release --package-path "$here" --scratch-path "$here/.build" --show-bin-path \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)"
echo "== build took $(( $(date +%s) - build_start ))s"
for target in "${targets[@]}"; do
    [ -x "$bin/Fuzz$target" ] || { echo "missing fuzz binary Fuzz$target (build failed?)"; exit 1; }
done

mkdir -p "$here/artifacts" "$here/corpus-work"
failed=()
run_one() {
    local target="$1"
    local work="$here/corpus-work/$target"
    mkdir -p "$work"
    # ASan's leak checker is off: Foundation keeps caches alive on purpose, which it reports as leaks.
    if SWIFT_BACKTRACE="enable=no" ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1" "$bin/Fuzz$target" \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb="$rss_limit" \
        -print_final_stats=1 -artifact_prefix="$here/artifacts/$target-" \
        "$work" "$here/corpus/$target" > "$here/artifacts/$target.log" 2>&1; then
        echo "ok      $target: $(grep -E '^stat::number_of_executed_units' "$here/artifacts/$target.log" | awk '{print $2}') runs, corpus $(ls "$work" | wc -l) inputs"
        return 0
    else
        echo "FAILED  $target (log: Fuzz/artifacts/$target.log)"
        grep -E "ERROR|Fatal error|SUMMARY|Test unit written" "$here/artifacts/$target.log" | head -5 | sed 's/^/        /'
        return 1
    fi
}

echo "== fuzzing ${#targets[@]} targets, ${seconds}s each, $jobs at a time"
fuzz_start=$(date +%s)
pids=(); names=()
for target in "${targets[@]}"; do
    run_one "$target" &
    pids+=($!); names+=("$target")
    if [ "${#pids[@]}" -ge "$jobs" ]; then
        wait "${pids[0]}" || failed+=("${names[0]}")
        pids=("${pids[@]:1}"); names=("${names[@]:1}")
    fi
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${names[$i]}")
done
echo "== fuzzing took $(( $(date +%s) - fuzz_start ))s"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz failures: ${failed[*]} (inputs in Fuzz/artifacts/)"
    exit 1
fi
echo "all ${#targets[@]} fuzz targets ran clean"
