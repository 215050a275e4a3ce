#!/usr/bin/env bash
# One Broadside agent (embedded `broadside run`) against the fast nginx target, next to wrk on the
# same target, each pinned to CPU 1 with nginx on CPU 0 (../shared/BENCHMARKS.md). Prints requests
# per generator CPU-second for both and their ratio. Broadside's warm figure is taken over its
# measured stage (after a 10 s cold stage and a 20 s warm-up stage in the same JVM: on one core the
# JIT compiler needs about 20 s to reach full speed), its cold one over the first 10 s; both from
# /proc CPU ticks sampled every 250 ms.
# Usage: REPS=3 bench/closed-vs-wrk.sh      (needs nginx and wrk: installed from Debian if missing)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
REPS=${REPS:-3}
OUT=${OUT:-$(mktemp -d /tmp/broadside-bench.XXXX)}
mkdir -p "$OUT"
bench_setup nginx wrk time
"$PEERS/start_nginx.sh" >/dev/null

for rep in $(seq 1 "$REPS"); do
  # wrk: 1 thread, 64 connections, 10 s
  taskset -c 1 /usr/bin/time -f "%U %S" -o "$OUT/wrk.$rep.time" \
    wrk -t1 -c64 -d10s -s "$PEERS/wrk_post.lua" http://127.0.0.1:18080/v1/completions > "$OUT/wrk.$rep.out"
  # broadside: embedded coordinator + agent, CPU ticks sampled while it runs
  taskset -c 1 java -jar "$ROOT/cli/target/broadside.jar" run "$ROOT/bench/plans/nginx-closed.yaml" \
    --out "$OUT/runs.$rep" --port 0 > "$OUT/bs.$rep.out" 2>&1 &
  sample_cpu $! "$OUT/bs.$rep.ticks"
done

python3 - "$OUT" "$REPS" "$HZ" "$ROOT/bench" <<'PY'
import glob, json, re, statistics, sys
out, reps, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sys.path.insert(0, sys.argv[4])
from lib import cpu_between, stage_window
wrk, bs, bs_rps, cold = [], [], [], []
for r in range(1, reps + 1):
    text = open(f"{out}/wrk.{r}.out").read()
    reqs = int(re.search(r"(\d+) requests in", text).group(1))
    u, s = map(float, open(f"{out}/wrk.{r}.time").read().split()[-2:])
    wrk.append(reqs / (u + s))
    run = glob.glob(f"{out}/runs.{r}/*/")[0]
    summary = json.load(open(run + "summary.json"))
    for name, offset, into in (("measured", 30, bs), ("cold", 0, cold)):
        stage = [s for s in summary["stages"] if s["name"] == name][0]["all"]
        cpu, wall = cpu_between(f"{out}/bs.{r}.ticks", hz, *stage_window(run, offset, 10))
        ok = stage["requests"]["ok"] * wall / 10.0
        into.append(ok / cpu if cpu > 0 else float("nan"))
        if name == "measured":
            bs_rps.append(stage["throughput"]["requestsPerS"])
w, b = statistics.median(wrk), statistics.median(bs)
print(f"{'tool':<28}{'req per generator CPU-s':>26}{'vs wrk':>9}")
print(f"{'wrk (1 thread, 64 conns)':<28}{w:>26,.0f}{1.0:>9.2f}")
print(f"{'broadside agent (warm)':<28}{b:>26,.0f}{b / w:>9.2f}")
c = statistics.median(cold)
print(f"{'broadside agent (cold 10 s)':<28}{c:>26,.0f}{c / w:>9.2f}")
print(f"broadside measured-stage throughput: {statistics.median(bs_rps):,.0f} req/s (median of {reps}); raw: {out}")
PY
