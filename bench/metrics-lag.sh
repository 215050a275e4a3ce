#!/usr/bin/env bash
# Lag of the live metrics: from a request's completion to its count on /metrics. Broadside runs as
# `./broadside run` does (embedded coordinator and agent, 1 s snapshots, pinned to CPU 1) at
# constant arrivals against an nginx on CPU 0 that answers after 50 ms and logs when it finished
# each answer (bench/nginx/lag.conf); /metrics is scraped every 100 ms. The i-th completion is
# counted when the summed broadside_requests_total first reaches i; its lag is that scrape's time
# minus the completion's (the scrape period adds up to 0.1 s). Requests of the run's last 2 s are
# left out (the process exits after the run). Prints p50/p99/max lag per rate; goal: p99 <= 2 s.
# Usage: RATES="50 1000" bench/metrics-lag.sh      (needs nginx and its echo module)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RATES=${RATES:-50 1000}
SECONDS_RUN=${SECONDS_RUN:-20}
OUT=${OUT:-$(mktemp -d /tmp/broadside-lag.XXXX)}
mkdir -p "$OUT"
bench_setup nginx libnginx-mod-http-echo
mkdir -p "$PEERS/nginx/logs" "$PEERS/nginx/tmp/lag-body"
sed "s|PEERS_DIR|$PEERS|g" "$ROOT/bench/nginx/lag.conf" > "$PEERS/nginx/lag.gen.conf"
stop_target() { [[ -f "$PEERS/nginx/lag.pid" ]] && kill "$(cat "$PEERS/nginx/lag.pid")" 2>/dev/null || true; }
trap stop_target EXIT
PORT=18431

printf "%7s%10s%10s%10s%10s%10s\n" "rate/s" "counted" "lag p50" "lag p99" "lag max" "goal p99"
for rate in $RATES; do
  stop_target; sleep 0.3
  : > "$PEERS/nginx/logs/lag.access.log"
  taskset -c 0 /usr/sbin/nginx -c "$PEERS/nginx/lag.gen.conf" -p "$PEERS/nginx"
  sleep 0.3
  cat > "$OUT/plan.$rate.yaml" <<PLAN
name: bench-lag-$rate
target: {name: nginx-50ms, protocol: openai-completions, url: http://127.0.0.1:18084, stream: false, timeout: 10s}
models: [dummy]
dataset: {synthetic: {inputTokens: 8}, seed: 1}
maxTokens: 16
load:
  mode: open
  arrival: constant
  stages:
    - {name: measured, duration: ${SECONDS_RUN}s, rate: $rate/s}
PLAN
  taskset -c 1 "$ROOT/broadside" run "$OUT/plan.$rate.yaml" --out "$OUT/runs.$rate" --port $PORT \
    > "$OUT/bs.$rate.out" 2>&1 &
  BS=$!
  python3 - "$PORT" "$OUT/scrapes.$rate" "$BS" <<'PY'
import os, re, sys, time, urllib.request
port, out, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
line = re.compile(r"^broadside_requests_total\{[^}]*\} (\S+)$", re.M)
last = None
with open(out, "w") as f:
    while True:
        try:
            os.kill(pid, 0)
        except OSError:
            break
        t = time.time()
        try:
            body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=1).read().decode()
            count = sum(float(v) for v in line.findall(body))
            if count != last:
                f.write(f"{t:.4f} {count:.0f}\n")
                f.flush()
                last = count
        except Exception:
            pass
        time.sleep(max(0, 0.1 - (time.time() - t)))
PY
  wait "$BS" || true
  python3 - "$rate" "$PEERS/nginx/logs/lag.access.log" "$OUT/scrapes.$rate" <<'PY'
import bisect, sys
rate, log, scrapes = sys.argv[1], sys.argv[2], sys.argv[3]
done = sorted(float(l) for l in open(log) if l.strip())
seen = [tuple(map(float, l.split())) for l in open(scrapes)]
times, counts = [s[0] for s in seen], [s[1] for s in seen]
cutoff = seen[-1][0] - 2 if seen else 0
lags = []
for i, c in enumerate(done, start=1):
    if c > cutoff:
        break
    k = bisect.bisect_left(counts, i)  # counts only grow
    if k < len(counts):
        lags.append(times[k] - c)
lags.sort()
q = lambda p: lags[min(len(lags) - 1, int(p * len(lags)))]
print(f"{rate:>7}{len(lags):>10,}{q(0.5):>9.2f}s{q(0.99):>9.2f}s{lags[-1]:>9.2f}s{'2.00s':>10}")
PY
done
echo "raw: $OUT"
