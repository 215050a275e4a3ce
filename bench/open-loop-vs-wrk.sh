#!/usr/bin/env bash
# Open-loop precision: constant arrivals at each rate against an nginx that answers after exactly
# 50 ms (bench/nginx/delay.conf, echo_sleep), next to wrk on the same server; target on CPU 0,
# generator on CPU 1 (../shared/BENCHMARKS.md). Broadside runs as `./broadside run` does (its JVM
# options), a 30 s warm-up stage (the JIT compiler needs about 20 s on one core) then the 10 s
# measured stage; wrk runs 10 s with as many connections as the rate keeps busy (rate × 50 ms), so
# both see the server at the same load.
# Prints, per rate, the queue time (actual send − intended send) Broadside measured, both tools'
# e2e p50 and their difference, and the generator's own verdict.
# Usage: RATES="200 1000 5000 10000" bench/open-loop-vs-wrk.sh     (needs nginx, its echo module, wrk)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RATES=${RATES:-200 1000 5000 10000}
OUT=${OUT:-$(mktemp -d /tmp/broadside-open.XXXX)}
mkdir -p "$OUT"
bench_setup nginx libnginx-mod-http-echo wrk
mkdir -p "$PEERS/nginx/logs" "$PEERS/nginx/tmp/delay-body"
sed "s|PEERS_DIR|$PEERS|g" "$ROOT/bench/nginx/delay.conf" > "$PEERS/nginx/delay.gen.conf"
stop_target() { [[ -f "$PEERS/nginx/delay.pid" ]] && kill "$(cat "$PEERS/nginx/delay.pid")" 2>/dev/null || true; }
trap stop_target EXIT
stop_target; sleep 0.3
taskset -c 0 /usr/sbin/nginx -c "$PEERS/nginx/delay.gen.conf" -p "$PEERS/nginx"
sleep 0.5

for rate in $RATES; do
  conns=$(( rate / 20 > 0 ? rate / 20 : 1 ))
  taskset -c 1 wrk -t1 -c"$conns" -d10s --latency -s "$PEERS/wrk_post.lua" \
    http://127.0.0.1:18083/v1/completions > "$OUT/wrk.$rate.out"
  cat > "$OUT/plan.$rate.yaml" <<PLAN
name: bench-open-$rate
target: {name: nginx-50ms, protocol: openai-completions, url: http://127.0.0.1:18083, stream: false, timeout: 10s}
models: [dummy]
dataset: {synthetic: {inputTokens: 8}, seed: 1}
maxTokens: 16
load:
  mode: open
  arrival: constant
  stages:
    - {name: warm, duration: 30s, rate: $rate/s}
    - {name: measured, duration: 10s, rate: $rate/s}
PLAN
  taskset -c 1 "$ROOT/broadside" run "$OUT/plan.$rate.yaml" --out "$OUT/runs.$rate" --port 0 \
    > "$OUT/bs.$rate.out" 2>&1 || true
done

python3 - "$OUT" $RATES <<'PY'
import glob, json, re, sys
out, rates = sys.argv[1], sys.argv[2:]
def ms(text):
    v, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
print(f"{'rate/s':>7}{'sent':>8}{'queue p50':>11}{'queue p99':>11}{'queue max':>11}"
      f"{'e2e p50':>10}{'wrk p50':>10}{'diff':>8}  generator")
for rate in rates:
    wrk = open(f"{out}/wrk.{rate}.out").read()
    wrk_p50 = ms(re.search(r"^\s+50%\s+(\S+)", wrk, re.M).group(1))
    run = glob.glob(f"{out}/runs.{rate}/*/")[0]
    summary = json.load(open(run + "summary.json"))
    stage = [s for s in summary["stages"] if s["name"] == "measured"][0]["all"]
    q, e = stage["latency"]["queue"], stage["latency"]["e2e"]
    gen = summary.get("generator", {})
    verdict = gen.get("verdict") or ("saturated" if gen.get("saturated") else "ok")
    print(f"{rate:>7}{stage['requests']['ok']:>8}{q['p50']*1e3:>9.3f}ms{q['p99']*1e3:>9.3f}ms"
          f"{q['max']*1e3:>9.3f}ms{e['p50']*1e3:>8.2f}ms{wrk_p50:>8.2f}ms{e['p50']*1e3-wrk_p50:>+7.2f}  {verdict}")
print(f"raw: {out}")
PY
