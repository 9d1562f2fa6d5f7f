#!/usr/bin/env bash
# End-to-end test of the Slurm job arrays on a private one-node cluster (scripts/slurm/cluster.sh):
# the screening of a small case run once unsharded, and again as a job array of SHARDS tasks merged with
# `hpsynth merge`, must give the same JSON (timing keys aside). Runs from a fresh clone on a machine without
# Slurm (as root: cluster.sh installs slurm-wlm and munge with apt-get). Always brings the cluster down.
#
#   scripts/slurm/test.sh                 the test (builds target/debug/hpsynth, the profile `make test` builds)
#   scripts/slurm/test.sh --cluster-only  only the cluster: a stand-in array (no hpsynth) writes one file per task
#
# Environment: HPSYNTH=/path/to/hpsynth to test that binary instead of target/debug/hpsynth;
# HPSYNTH_SLURM_KEEP=1 to leave the cluster up afterwards; HPSYNTH_SLURM_DIR, see cluster.sh.
set -euo pipefail

# --- what is tested --------------------------------------------------------------------------------------
# Two refrigeration loads (test-case.toml): seconds per fluid; propane, propylene and isobutane get designs,
# R134a is left out by --max-gwp and CO2 cannot condense into the cooling water, so every kind of row is
# compared. Another case: HPSYNTH_SLURM_TEST_CASE=path (and HPSYNTH_SLURM_TEST_OPTS for its options).
CASE=${HPSYNTH_SLURM_TEST_CASE:-scripts/slurm/test-case.toml}
FLUIDS='R290,R1270,R600a,R744,R134a'
[ -n "${HPSYNTH_SLURM_TEST_OPTS:-}" ] || HPSYNTH_SLURM_TEST_OPTS='--max-gwp 150'
# options of `hpsynth screen`, the same for both runs (HPSYNTH_SLURM_TEST_OPTS is split on spaces)
read -r -a EXTRA_OPTS <<<"${HPSYNTH_SLURM_TEST_OPTS:-}"
SCREEN_OPTS=(--fluids "$FLUIDS" "${EXTRA_OPTS[@]+"${EXTRA_OPTS[@]}"}")
THREADS=1                                 # --threads of the unsharded run, --cpus-per-task of each task
SHARDS=2                                  # tasks of the array
JOB_TIMEOUT=${HPSYNTH_SLURM_JOB_TIMEOUT:-1800}   # seconds for the whole array
# Keys deleted, at any depth, from both JSON documents before they are compared: they hold wall time.
# An explicit list, not a suffix rule: flow_kg_per_s, time_limit_s etc. are data and must match.
TIMING_KEYS=(seconds build_ms solve_ms build_s solve_s elapsed_s evaluations_per_s)
# ---------------------------------------------------------------------------------------------------------

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
CLUSTER=$ROOT/scripts/slurm/cluster.sh
MODE=full
case ${1:-} in
"") ;;
--cluster-only) MODE=cluster ;;
*) echo "usage: $0 [--cluster-only]" >&2; exit 2 ;;
esac

log() { printf 'slurm-test: %s\n' "$*" >&2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hpsynth-slurm-test.XXXXXX")
chmod 755 "$TMP"                          # the jobs run as the submitting user, but keep it readable
RESULT=FAIL
finish() {
  local rc=$?
  trap - EXIT
  if [ "${HPSYNTH_SLURM_KEEP:-0}" = 1 ]; then
    log "HPSYNTH_SLURM_KEEP=1: leaving the cluster up ($CLUSTER down to stop it)"
  else
    "$CLUSTER" down || log "warning: cluster.sh down failed"
  fi
  if [ "$rc" = 0 ] && [ "$RESULT" = PASS ]; then
    rm -rf "$TMP"
    echo "slurm-test: PASS"
    echo "slurm: 1 passed, 0 failed"
  else
    [ "$rc" != 0 ] || rc=1
    echo "slurm-test: FAIL (files kept in $TMP)"
    echo "slurm: 0 passed, 1 failed"
  fi
  exit "$rc"
}
trap finish EXIT
fail() { log "FAIL: $*"; exit 1; }

show_job_logs() {
  local f
  for f in "$TMP"/logs/*; do
    [ -f "$f" ] || continue
    printf '\n----- %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2
  done
}

t0=$SECONDS
env_line=$("$CLUSTER" up)                 # export SLURM_CONF=... (a failed up stops the test here)
eval "$env_line"
log "cluster up in $((SECONDS - t0)) s"
mkdir -p "$TMP/logs"

# --- the cluster alone: a stand-in array ------------------------------------------------------------------
if [ "$MODE" = cluster ]; then
  export OUT=$TMP/standin
  mkdir -p "$OUT"
  log "stand-in array of $SHARDS tasks into $OUT"
  rc=0
  # shellcheck disable=SC2016  # expanded by the job, not here
  timeout "$JOB_TIMEOUT" sbatch --wait --quiet --array=1-"$SHARDS" -o "$TMP/logs/standin-%A_%a.out" \
    --wrap 'echo "$SLURM_ARRAY_TASK_ID/${SLURM_ARRAY_TASK_COUNT:-$((SLURM_ARRAY_TASK_MAX - SLURM_ARRAY_TASK_MIN + 1))} on $(hostname -s)" >"$OUT/shard-$SLURM_ARRAY_TASK_ID.txt"' ||
    rc=$?
  [ "$rc" = 0 ] || { show_job_logs; fail "the stand-in array failed (sbatch --wait exit $rc)"; }
  for ((k = 1; k <= SHARDS; k++)); do
    [ "$(cat "$OUT/shard-$k.txt" 2>/dev/null)" = "$k/$SHARDS on $(hostname -s)" ] ||
      { show_job_logs; fail "task $k wrote no (or a wrong) $OUT/shard-$k.txt"; }
  done
  log "all $SHARDS tasks wrote their file"
  RESULT=PASS
  exit 0
fi

# --- the program ---------------------------------------------------------------------------------------
if [ -n "${HPSYNTH:-}" ]; then
  command -v "$HPSYNTH" >/dev/null 2>&1 || fail "HPSYNTH=$HPSYNTH is not an executable"
  HPSYNTH=$(command -v "$HPSYNTH")
else
  # The dev profile's binary: `make test` (which `.ci/run` runs first) has built it from the current
  # sources. Built here only when missing: `cargo build` unifies features without the dev-dependencies
  # and would build HiGHS a second time (minutes).
  HPSYNTH=$ROOT/target/debug/hpsynth
  if [ ! -x "$HPSYNTH" ] || ! "$HPSYNTH" screen --help >/dev/null 2>&1; then
    log "building $HPSYNTH (cargo build)"
    scripts/setup.sh
    cargo build --quiet
  fi
fi
"$HPSYNTH" screen --help >/dev/null 2>&1 || fail "$HPSYNTH has no 'screen' command"
"$HPSYNTH" merge --help >/dev/null 2>&1 || fail "$HPSYNTH has no 'merge' command"
export HPSYNTH                            # read by screen.sbatch inside the jobs (sbatch exports the environment)
[ -f "$CASE" ] || fail "no case $CASE"
CASE_PATH=$(realpath "$CASE")             # the same string in both runs: the study records the case path

# --- unsharded -----------------------------------------------------------------------------------------
log "unsharded: $HPSYNTH screen $CASE_PATH ${SCREEN_OPTS[*]} --threads $THREADS --json"
t1=$SECONDS
"$HPSYNTH" screen "$CASE_PATH" "${SCREEN_OPTS[@]}" --threads "$THREADS" --json >"$TMP/unsharded.json" \
  2>"$TMP/logs/unsharded.err" || { tail -n 40 "$TMP/logs/unsharded.err" >&2; fail "unsharded screen failed"; }
log "unsharded run took $((SECONDS - t1)) s"

# --- sharded, as a job array ---------------------------------------------------------------------------
log "array: sbatch --wait --array=1-$SHARDS --cpus-per-task=$THREADS scripts/slurm/screen.sbatch $CASE_PATH $TMP/shards ${SCREEN_OPTS[*]}"
t1=$SECONDS
rc=0
timeout "$JOB_TIMEOUT" sbatch --wait --quiet --array=1-"$SHARDS" --cpus-per-task="$THREADS" \
  -o "$TMP/logs/screen-%A_%a.out" scripts/slurm/screen.sbatch "$CASE_PATH" "$TMP/shards" "${SCREEN_OPTS[@]}" || rc=$?
log "array took $((SECONDS - t1)) s"
if [ "$rc" != 0 ]; then
  show_job_logs
  [ "$rc" != 124 ] || fail "the array did not finish within ${JOB_TIMEOUT}s"
  fail "the array failed (sbatch --wait exit $rc)"
fi
missing=()
for ((k = 1; k <= SHARDS; k++)); do
  [ -s "$TMP/shards/shard-$k-of-$SHARDS.json" ] || missing+=("shard-$k-of-$SHARDS.json")
done
[ ${#missing[@]} = 0 ] || { show_job_logs; fail "missing in $TMP/shards: ${missing[*]}"; }

log "merge: $HPSYNTH merge $TMP/shards --json"
"$HPSYNTH" merge "$TMP/shards" --json >"$TMP/merged.json" 2>"$TMP/logs/merge.err" ||
  { tail -n 40 "$TMP/logs/merge.err" >&2; fail "hpsynth merge failed"; }

# --- compare -------------------------------------------------------------------------------------------
if python3 - "$TMP/unsharded.json" "$TMP/merged.json" "${TIMING_KEYS[@]}" <<'EOF'; then
import difflib, json, sys

unsharded_path, merged_path, *timing = sys.argv[1:]
timing = set(timing)

def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in timing}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v

docs = []
for path in (unsharded_path, merged_path):
    with open(path) as f:
        try:
            docs.append(strip(json.load(f)))
        except json.JSONDecodeError as e:
            sys.exit(f"slurm-test: {path} is not JSON: {e}")
if docs[0] == docs[1]:
    rows = docs[0].get("rows") if isinstance(docs[0], dict) else None
    if isinstance(rows, list):
        designed = sum(1 for r in rows if isinstance(r, dict) and r.get("status") == "designed")
        print(f"slurm-test: {len(rows)} rows equal, {designed} of them with a design", file=sys.stderr)
    sys.exit(0)
a, b = (json.dumps(d, indent=1, sort_keys=True).splitlines() for d in docs)
diff = list(difflib.unified_diff(a, b, "unsharded", "merged", lineterm="", n=2))
print("slurm-test: merged shards differ from the unsharded run (timing keys %s removed):" % sorted(timing),
      file=sys.stderr)
print("\n".join(diff[:80]) + ("\n... (%d more diff lines)" % (len(diff) - 80) if len(diff) > 80 else ""),
      file=sys.stderr)
sys.exit(1)
EOF
  log "merged $SHARDS shards == unsharded run (ignoring ${TIMING_KEYS[*]})"
  RESULT=PASS
else
  fail "merged JSON differs from the unsharded JSON ($TMP/merged.json vs $TMP/unsharded.json)"
fi
