#!/usr/bin/env bash
# Token streams: STREAMS concurrent SSE streams against the nginx + echo target of
# ../shared/bench-peers/nginx/sse-echo.conf (a role chunk, 50 one-token chunks written 20 ms apart,
# usage, [DONE]: about 1 s a stream), next to wrk on the same target; target on CPU 0, generator on
# CPU 1 (../shared/BENCHMARKS.md). Broadside runs as `./broadside run` does: its users ramp in over
# 10 s (so the streams are staggered, as the target's author advises) and hold for the measured
# 10 s; every user opens its next stream as soon as one ends. wrk holds the same number of
# connections for 10 s (it follows no tokens). Prints per level: streams per generator CPU-second
# for both and their ratio, Broadside's ITL p50/p99 against the server's nominal 20 ms, its TTFT,
# and the generator's own verdict. The server's gaps drift above 20 ms when it is busy: ITL here is
# an upper bound of the generator's own delay, not a ground truth.
# Usage: LEVELS="500 1000 2500 5000" bench/stream-vs-wrk.sh     (needs nginx, its echo module, wrk)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
export PEERS=${PEERS:-/tmp/broadside-peers}
LEVELS=${LEVELS:-500 1000 2500 5000}
OUT=${OUT:-$(mktemp -d /tmp/broadside-stream.XXXX)}
mkdir -p "$OUT"
[[ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ]] && command -v wrk >/dev/null || \
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-echo wrk time >/dev/null)
mkdir -p "$PEERS" && cp -r "$SHARED/bench-peers/." "$PEERS/" && chmod -R u+w "$PEERS"
stop_target() { [[ -f "$PEERS/nginx/sse-echo.pid" ]] && kill "$(cat "$PEERS/nginx/sse-echo.pid")" 2>/dev/null || true; }
trap stop_target EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$PEERS/start_sse_echo.sh" >/dev/null
[[ -f "$ROOT/cli/target/broadside.jar" ]] || (cd "$ROOT" && ./mvnw -B -q -ntp -DskipTests package)
HZ=$(getconf CLK_TCK)

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
    - {name: measured, duration: 10s, users: $n}
PLAN
  taskset -c 1 "$ROOT/broadside" run "$OUT/plan.$n.yaml" --out "$OUT/runs.$n" --port 0 \
    > "$OUT/bs.$n.out" 2>&1 &
  pid=$!
  : > "$OUT/bs.$n.ticks"
  while kill -0 $pid 2>/dev/null; do
    [[ -r /proc/$pid/stat ]] && echo "$(date +%s.%N) $(awk '{print $14+$15}' /proc/$pid/stat 2>/dev/null)" >> "$OUT/bs.$n.ticks"
    sleep 0.25
  done
  wait $pid || true
done

python3 - "$OUT" "$HZ" $LEVELS <<'PY'
import datetime, glob, json, re, sys
out, hz, levels = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
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
    meta = json.load(open(runs[0] + "run.json"))
    stage = [st for st in summary["stages"] if st["name"] == "measured"][0]["all"]
    start = datetime.datetime.fromisoformat(meta["startedAt"].replace("Z", "+00:00")).timestamp()
    ticks = [tuple(map(float, l.split())) for l in open(f"{out}/bs.{n}.ticks") if len(l.split()) == 2]
    def at(t):
        before = [k for k in ticks if k[0] <= t]
        return before[-1] if before else ticks[0]
    (a_t, a_k), (b_t, b_k) = at(start + 10), at(start + 20)
    cpu = (b_k - a_k) / hz
    done = stage["requests"]["ok"] * (b_t - a_t) / 10.0
    bs = done / cpu if cpu > 0 else float("nan")
    lat = stage["latency"]
    itl, ttft = lat.get("itl", {}), lat.get("ttft", {})
    ms = lambda d, q: f"{d[q] * 1e3:8.1f}ms" if d.get(q) is not None else f"{'-':>10}"
    g = summary.get("generator") or {}
    print(f"{n:>8}{wrk:>15,.0f}{bs:>14,.0f}{bs / wrk:>8.2f}{ms(itl, 'p50')}{ms(itl, 'p99')}"
          f"{ms(ttft, 'p50')}{ms(ttft, 'p99')}  {g.get('verdict', '?')}")
print(f"server's gaps: 20 ms nominal (echo_sleep); raw: {out}")
PY
