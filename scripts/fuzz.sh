#!/usr/bin/env bash
# libFuzzer targets for PostTrace's parsers: one binary (.build/fuzz/posttrace-fuzz) holding every target,
# the target chosen by POSTTRACE_FUZZ_TARGET. SwiftPM cannot build a -sanitize=fuzzer binary, so each module
# is compiled here with swiftc (whole module, ASan + libFuzzer coverage, -enable-testing so the
# targets can reach internal readers); a module whose sources, flags and dependencies are unchanged is not
# compiled again (its key is a hash of all three), so a second run only links, or skips even that.
#
#   scripts/fuzz.sh build                    compile what changed, link the binary
#   scripts/fuzz.sh list                     the target names
#   scripts/fuzz.sh run   [TARGET] [SECONDS] fuzz one target (or all, one after another) for SECONDS each
#                                            (default $FUZZ_SECONDS or 60; FUZZ_RUNS=N stops at N executions
#                                            first; FUZZ_TIMEOUT=S, default 10, is the seconds one input may take:
#                                            raise it on a loaded machine, where a starved process overruns it);
#                                            prints executions, exec/s, coverage
#   scripts/fuzz.sh smoke [TARGET]           every seed of every target, then 2,000 generated inputs each
#
# `run` builds optimized (-O, in .build/fuzz-O): unoptimized Swift spends most of each execution in retain/release
# and unspecialized generics, 10 to 100 times slower, too slow for millions of executions. `build`, `list` and
# `smoke` build -Onone (in .build/fuzz), which compiles in a fraction of the time for make test's smoke.
# FUZZ_OPT=-O or -Onone overrides either.
# New inputs found during `run` go to .build/fuzz/corpus/<target> (not the committed seeds in Fuzz/Corpus).
# A crash leaves crash-<hash> in .build/fuzz/artifacts/ and makes the script exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
cmd=${1:-run}
OPT=${FUZZ_OPT:-$([[ $cmd == run ]] && echo -O || echo -Onone)}
[[ $OPT == -O || $OPT == -Onone ]] || { echo "fuzz: FUZZ_OPT must be -O or -Onone" >&2; exit 64; }
OUT=$ROOT/.build/fuzz$([[ $OPT == -O ]] && echo -O || true)
# Inputs libFuzzer finds and crash artifacts are shared by both builds.
SHARED=$ROOT/.build/fuzz
BIN=$OUT/posttrace-fuzz
mkdir -p "$OUT"
# A broken invariant is a fatalError: libFuzzer reports it; Swift's own backtracer would only trip ASan.
export SWIFT_BACKTRACE=enable=no

# Dependency order; each module is compiled after the ones before it.
MODULES=(S10 PostTraceCore MessageCheck PostTraceStore PostTraceServer)
declare -A RESOURCES=([PostTraceCore]="Resources" [MessageCheck]="Rules" [PostTraceServer]="Assets openapi.json")
CFLAGS=(-Xcc -I/usr/include/postgresql)
# Every systemLibrary target (Sources/C*) and the libraries its module map links, so a new one needs no edit here.
LIBS=(-use-ld=lld)
for c in Sources/C*/; do
    CFLAGS+=(-I "$ROOT/$c")
    while read -r lib; do LIBS+=("-l$lib"); done < <(sed -n 's/^ *link "\(.*\)"/\1/p' "$c/module.modulemap")
done
SWIFTFLAGS=(-swift-version 6 -enable-upcoming-feature ExistentialAny -parse-as-library "$OPT" -enable-testing
            -sanitize=fuzzer,address -wmo -num-threads 0 -I "$OUT/modules" "${CFLAGS[@]}")

hash_of() { sha256sum | cut -c1-16; }

# Swift sources of a module plus, for modules with resources, an accessor that finds the bundle next to
# the binary (as SwiftPM's generated one does): the readers load catalogues and rules through Bundle.module.
module_sources() {
    local m=$1
    find "Sources/$m" -name '*.swift' | LC_ALL=C sort
    if [[ -n "${RESOURCES[$m]:-}" ]]; then echo "$OUT/gen/$m/resource_bundle_accessor.swift"; fi
}

write_accessor() {
    local m=$1 bundle="$OUT/PostTrace_$m.resources"
    mkdir -p "$OUT/gen/$m" "$bundle"
    for r in ${RESOURCES[$m]}; do ln -sfn "$ROOT/Sources/$m/$r" "$bundle/$r"; done
    local file="$OUT/gen/$m/resource_bundle_accessor.swift"
    local text="import Foundation
extension Foundation.Bundle {
    static let module: Bundle = {
        let path = Bundle.main.bundleURL.appendingPathComponent(\"PostTrace_$m.resources\").path
        guard let bundle = Bundle(path: path) else { Swift.fatalError(\"could not load resource bundle \\(path)\") }
        return bundle
    }()
}"
    [[ -f "$file" && "$(cat "$file")" == "$text" ]] || printf '%s\n' "$text" > "$file"
}

build() {
    mkdir -p "$OUT/modules" "$OUT/obj"
    local deps_key="" objects=() started=$SECONDS
    for m in "${MODULES[@]}"; do
        [[ -n "${RESOURCES[$m]:-}" ]] && write_accessor "$m"
        mapfile -t sources < <(module_sources "$m")
        local key
        key=$( { echo "$deps_key ${SWIFTFLAGS[*]}"; cat "${sources[@]}"; } | hash_of)
        if [[ ! -f "$OUT/obj/$m.$key.o" ]]; then
            echo "fuzz: compiling $m (${#sources[@]} files)" >&2
            local t=$SECONDS
            rm -f "$OUT/obj/$m".*.o
            swiftc "${SWIFTFLAGS[@]}" -module-name "$m" -emit-module -emit-module-path "$OUT/modules/$m.swiftmodule" \
                -c "${sources[@]}" -o "$OUT/obj/$m.$key.o.tmp"
            mv "$OUT/obj/$m.$key.o.tmp" "$OUT/obj/$m.$key.o"
            echo "fuzz: $m compiled in $((SECONDS - t)) s" >&2
        fi
        objects+=("$OUT/obj/$m.$key.o")
        deps_key=$key
    done
    mapfile -t fuzz_sources < <(find Fuzz/Sources -name '*.swift' | LC_ALL=C sort)
    local key
    key=$( { echo "$deps_key ${SWIFTFLAGS[*]} ${LIBS[*]}"; cat "${fuzz_sources[@]}"; } | hash_of)
    if [[ ! -x "$BIN" || "$(cat "$OUT/binary.key" 2>/dev/null)" != "$key" ]]; then
        echo "fuzz: compiling and linking the fuzz targets" >&2
        swiftc "${SWIFTFLAGS[@]}" -module-name PostTraceFuzz "${fuzz_sources[@]}" "${objects[@]}" "${LIBS[@]}" -o "$BIN.tmp"
        mv "$BIN.tmp" "$BIN"
        echo "$key" > "$OUT/binary.key"
    fi
    echo "fuzz: $BIN ready ($((SECONDS - started)) s)" >&2
}

targets() { POSTTRACE_FUZZ_TARGET=list "$BIN" -runs=0 2>/dev/null | sed -n 's/^fuzz-target: //p'; }

# One target: its committed seeds, then whatever libFuzzer mutates from them and from earlier runs.
run_one() {
    local target=$1 seconds=$2 dict=() runs=()
    # FUZZ_RUNS=N stops at N executions (or at SECONDS, whichever comes first).
    [[ -n "${FUZZ_RUNS:-}" ]] && runs=(-runs="$FUZZ_RUNS")
    local corpus="$SHARED/corpus/$target" log="$OUT/logs/$target.log"
    mkdir -p "$corpus" "$SHARED/artifacts" "$OUT/logs"
    [[ -f "Fuzz/Dictionaries/$target.dict" ]] && dict=(-dict="Fuzz/Dictionaries/$target.dict")
    echo "fuzz: $target for ${seconds}s" >&2
    local status=0
    POSTTRACE_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
        "$BIN" -max_total_time="$seconds" "${runs[@]}" -max_len=4096 -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$SHARED/artifacts/$target-" "${dict[@]}" "$corpus" "Fuzz/Corpus/$target" > "$log" 2>&1 || status=$?
    report "$target" "$log"
    if (( status != 0 )); then tail -40 "$log" >&2; return 1; fi
}

# One summary line: executions, exec/s, edges covered, features, seconds.
report() {
    local target=$1 log=$2
    local runs rate cov ft time
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    time=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $5}')
    printf 'fuzz-result: %-16s runs=%s exec/s=%s cov=%s ft=%s seconds=%s\n' "$target" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${time:-?}"
}

smoke_one() {
    local target=$1
    local log="$OUT/logs/$target.smoke.log"
    mkdir -p "$OUT/logs" "$SHARED/artifacts"
    # Every seed (each must keep its invariants), then a short mutation run from them, a fixed seed; new inputs go to
    # a scratch directory (libFuzzer writes to the first one), never into the committed seeds.
    local scratch="$OUT/smoke/$target"
    rm -rf "$scratch"; mkdir -p "$scratch"
    if ! POSTTRACE_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$BIN" -runs=2000 -seed=1 -max_len=4096 -timeout=10 \
            -artifact_prefix="$SHARED/artifacts/$target-" "$scratch" "Fuzz/Corpus/$target" > "$log" 2>&1; then
        tail -40 "$log" >&2
        echo "fuzz: smoke of $target FAILED" >&2
        return 1
    fi
    echo "fuzz: smoke of $target ok ($(grep -o 'Done [0-9]* runs' "$log" | tail -1))" >&2
}

case $cmd in
    build) build ;;
    list) build; targets ;;
    run|smoke)
        build
        if [[ -n "${2:-}" ]]; then selected=("$2"); else mapfile -t selected < <(targets); fi
        failed=0
        for t in "${selected[@]}"; do
            [[ -d "Fuzz/Corpus/$t" ]] || { echo "fuzz: unknown target $t (have: $(targets | tr '\n' ' '))" >&2; exit 64; }
            if [[ $cmd == run ]]; then run_one "$t" "${3:-${FUZZ_SECONDS:-60}}" || failed=1
            else smoke_one "$t" || failed=1; fi
        done
        exit $failed ;;
    *) echo "usage: scripts/fuzz.sh build|list|run|smoke [TARGET] [SECONDS]" >&2; exit 64 ;;
esac
