#!/usr/bin/env bash
# Token streams: STREAMS concurrent SSE streams against the nginx + echo target of
# ../shared/bench-peers/nginx/sse-echo.conf (a role chunk, 50 one-token chunks written 20 ms apart,
# usage, [DONE]: about 1 s a stream), next to wrk on the same target; target on CPU 0, generator on
# CPU 1 (../shared/BENCHMARKS.md). Broadside runs as `./broadside run` does: its users ramp in over
# 10 s (so the streams are staggered, as the target's author advises), hold 20 s while the JIT
# compiler finishes, then the measured 10 s; every user opens its next stream as soon as one ends. wrk holds the same number of
# connections for 10 s (it follows no tokens). Prints per level: streams per generator CPU-second
# for both and their ratio, Broadside's ITL p50/p99 against the server's nominal 20 ms, its TTFT,
# and the generator's own verdict. The server's gaps drift above 20 ms when it is busy: ITL here is
# an upper bound of the generator's own delay, not a ground truth.
# Usage: LEVELS="500 1000 2500 5000" bench/stream-vs-wrk.sh     (needs nginx, its echo module, wrk)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
LEVELS=${LEVELS:-500 1000 2500 5000}
OUT=${OUT:-$(mktemp -d /tmp/broadside-stream.XXXX)}
mkdir -p "$OUT"
bench_setup nginx libnginx-mod-http-echo wrk time
stop_target() { [[ -f "$PEERS/nginx/sse-echo.pid" ]] && kill "$(cat "$PEERS/nginx/sse-echo.pid")" 2>/dev/null || true; }
trap stop_target EXIT
stop_target
"$PEERS/start_sse_echo.sh" >/dev/null

for n in $LEVELS; do
  taskset -c 1 /usr/bin/time -f "%U %S" -o "$OUT/wrk.$n.time" \
    wrk -t1 -c"$n" -d10s --timeout 10s -s "$PEERS/wrk_chat.lua" \
    http://127.0.0.1:18082/v1/chat/completions > "$OUT/wrk.$n.out" 2>&1 || true
  cat > "$OUT/plan.$n.yaml" <<PLAN
name: bench-stream-$n
target: {name: nginx-sse, protocol: openai-chat, url: http://127.0.0.1:18082, stream: true, timeout: 30s}
models: [dummy]
dataset: {synthetic: {inputTokens: 8}, seed: 1}
maxTokens: 50
load:
  mode: closed
  stages:
    - {name: ramp, duration: 10s, users: $n, ramp: 10s}
    - {name: warm, duration: 20s, users: $n}
    - {name: measured, duration: 10s, users: $n}
PLAN
  taskset -c 1 "$ROOT/broadside" run "$OUT/plan.$n.yaml" --out "$OUT/runs.$n" --port 0 \
    > "$OUT/bs.$n.out" 2>&1 &
  sample_cpu $! "$OUT/bs.$n.ticks"
done

python3 - "$OUT" "$HZ" "$ROOT/bench" $LEVELS <<'PY'
import glob, json, re, sys
out, hz, levels = sys.argv[1], int(sys.argv[2]), sys.argv[4:]
sys.path.insert(0, sys.argv[3])
from lib import cpu_between, stage_window
print(f"{'streams':>8}{'wrk str/CPU-s':>15}{'bs str/CPU-s':>14}{'vs wrk':>8}{'ITL p50':>10}{'ITL p99':>10}"
      f"{'TTFT p50':>10}{'TTFT p99':>10}  generator")
for n in levels:
    text = open(f"{out}/wrk.{n}.out").read()
    m = re.search(r"(\d+) requests in", text)
    u, s = map(float, open(f"{out}/wrk.{n}.time").read().split()[-2:])
    wrk = int(m.group(1)) / (u + s) if m and u + s > 0 else float("nan")
    runs = glob.glob(f"{out}/runs.{n}/*/")
    if not runs or not glob.glob(runs[0] + "summary.json"):
        print(f"{n:>8}{wrk:>15,.0f}  (no summary: see {out}/bs.{n}.out)")
        continue
    summary = json.load(open(runs[0] + "summary.json"))
    stage = [st for st in summary["stages"] if st["name"] == "measured"][0]["all"]
    cpu, wall = cpu_between(f"{out}/bs.{n}.ticks", hz, *stage_window(runs[0], 30, 10))
    done = stage["requests"]["ok"] * wall / 10.0
    bs = done / cpu if cpu > 0 else float("nan")
    lat = stage["latency"]
    itl, ttft = lat.get("itl", {}), lat.get("ttft", {})
    ms = lambda d, q: f"{d[q] * 1e3:8.1f}ms" if d.get(q) is not None else f"{'-':>10}"
    g = summary.get("generator") or {}
    print(f"{n:>8}{wrk:>15,.0f}{bs:>14,.0f}{bs / wrk:>8.2f}{ms(itl, 'p50')}{ms(itl, 'p99')}"
          f"{ms(ttft, 'p50')}{ms(ttft, 'p99')}  {g.get('verdict', '?')}")
print(f"server's gaps: 20 ms nominal (echo_sleep); raw: {out}")
PY
