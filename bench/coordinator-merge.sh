#!/usr/bin/env bash
# The coordinator under a big cluster's snapshot stream: a synthetic fleet (bench/coordinator/
# SyntheticFleet.java, one process, pinned to CPU 0) of AGENTS agents, each on its own gRPC
# connection with the real control and snapshot streams, sends one snapshot per second holding
# every latency metric of MODELS models for the stage under way (STAGES stages of STAGE_S seconds).
# The coordinator (`broadside coordinator`, pinned to CPU 1) merges them while /metrics is scraped
# every second. Prints the coordinator's CPU per merged snapshot and its live heap per series
# (stage, model, metric), from class histograms (a full GC) before the run and near its end.
# There is no peer to run beside it: the figures are against issue 14's goals (1,000 snapshots/s in
# under 10% of a core).
# Usage: AGENTS=1000 STAGES=3 MODELS=4 STAGE_S=20 bench/coordinator-merge.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
AGENTS=${AGENTS:-1000}
STAGES=${STAGES:-3}
MODELS=${MODELS:-4}
STAGE_S=${STAGE_S:-20}
OUT=${OUT:-$(mktemp -d /tmp/broadside-merge.XXXX)}
mkdir -p "$OUT"
bench_setup
JAVA_BIN=$(dirname "$(readlink -f "$(command -v java)")")

REST=18420
GRPC=18421
taskset -c 1 java -Xms1g -Xmn512m ${COORD_JAVA_OPTS:-} -Dhazelcast.phone.home.enabled=false \
  -jar "$ROOT/cli/target/broadside.jar" coordinator --port $REST --grpc-port $GRPC \
  --hz-port 18701 --data "$OUT/runs" > "$OUT/coordinator.out" 2>&1 &
COORD=$!
trap 'kill $COORD 2>/dev/null || true; kill ${FLEET:-} 2>/dev/null || true' EXIT
sample_cpu $COORD "$OUT/coordinator.ticks" &

python3 - "$OUT" "$HZ" "$ROOT" "$JAVA_BIN" "$COORD" "$AGENTS" "$STAGES" "$MODELS" "$STAGE_S" \
  "$REST" "$GRPC" <<'PY'
import json, re, subprocess, sys, threading, time, urllib.request
out, hz, root, java_bin, coord = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
agents, stages, models, stage_s, rest, grpc = map(int, sys.argv[6:12])
sys.path.insert(0, root + "/bench")
from lib import cpu_between
base = f"http://127.0.0.1:{rest}"

def get(path, timeout=10):
    with urllib.request.urlopen(base + path, timeout=timeout) as r:
        return r.read()

def live_heap():
    """Bytes of live objects: jcmd's class histogram runs a full GC first."""
    text = subprocess.run([java_bin + "/jcmd", coord, "GC.class_histogram"], capture_output=True,
                          text=True, check=True).stdout
    return int(re.search(r"Total\s+\d+\s+(\d+)", text).group(1))

for _ in range(120):
    try:
        get("/health", 1); break
    except Exception:
        time.sleep(0.5)
before = live_heap()

fleet = subprocess.Popen(["taskset", "-c", "0", java_bin + "/java", "-Xmx2g", "-cp",
                          root + "/cli/target/broadside.jar",
                          root + "/bench/coordinator/SyntheticFleet.java", f"127.0.0.1:{grpc}",
                          str(agents), str(stages), str(models), str(stage_s)],
                         stdout=subprocess.PIPE, stderr=open(out + "/fleet.err", "w"), text=True)
deadline = time.time() + 180
while len(json.loads(get("/api/v1/agents"))) < agents:
    if time.time() > deadline or fleet.poll() is not None:
        sys.exit(f"only {len(json.loads(get('/api/v1/agents')))} of {agents} agents joined")
    time.sleep(1)
joined_heap = live_heap()

stage_lines = "\n".join(f"    - {{name: s{s}, duration: {stage_s}s, users: {agents * 10}}}"
                        for s in range(stages))
plan = f"""name: bench-coordinator-merge
target: {{name: synthetic, protocol: openai-completions, url: http://127.0.0.1:9, stream: true}}
models: [{", ".join(f"m{m}" for m in range(models))}]
dataset: {{synthetic: {{inputTokens: 8}}, seed: 1}}
maxTokens: 50
load:
  mode: closed
  stages:
{stage_lines}
"""
req = urllib.request.Request(base + "/api/v1/runs", data=plan.encode(), method="POST",
                             headers={"Content-Type": "application/yaml"})
run_id = json.loads(urllib.request.urlopen(req, timeout=30).read())["id"]
while json.loads(get(f"/api/v1/runs/{run_id}"))["status"] not in ("running", "completed", "stopped", "failed"):
    time.sleep(0.1)
t0 = time.time()
total = stages * stage_s

scrapes = []
stop = threading.Event()
def scrape():
    while not stop.is_set():
        a = time.time()
        try:
            body = get("/metrics")
            scrapes.append((time.time() - a, len(body)))
        except Exception:
            scrapes.append((time.time() - a, -1))  # no answer within 10 s
        stop.wait(max(0, 1 - (time.time() - a)))
threading.Thread(target=scrape, daemon=True).start()

# the steady window: from a third of the run in (every agent sending, the compiler mostly done)
# to 4 s before the end, then the heap
time.sleep(max(0, t0 + total - 4 - time.time()))
t1 = time.time()
during = live_heap()
fleet_result = json.loads(fleet.communicate(timeout=total + 300)[0].strip().splitlines()[-1])
stop.set()
status = None
for _ in range(300):
    status = json.loads(get(f"/api/v1/runs/{run_id}"))["status"]
    if status in ("completed", "stopped", "failed", "interrupted"):
        break
    time.sleep(0.2)

cpu, wall = cpu_between(out + "/coordinator.ticks", hz, t0 + max(3, total / 3), t1)
rate = agents / 1.0  # snapshots per second once every agent sends
series = stages * models * 8
per_series = (during - joined_heap) / series
times = sorted(s[0] for s in scrapes)
failed_scrapes = sum(1 for s in scrapes if s[1] < 0)
print(f"{'agents':>7}{'snapshots/s':>13}{'series/snapshot':>17}{'coordinator CPU':>17}"
      f"{'CPU per 1k snap/s':>19}{'ack p50':>10}{'ack p99':>10}{'scrape p50':>12}{'scrape max':>12}")
print(f"{agents:>7}{rate:>13,.0f}{fleet_result['seriesPerSnapshot']:>17}"
      f"{cpu / wall:>16.1%} {cpu / wall / rate * 1000:>18.1%}"
      f"{fleet_result['ackP50Ms']:>8.1f}ms{fleet_result['ackP99Ms']:>8.1f}ms"
      f"{times[len(times) // 2] * 1000:>10.1f}ms{times[-1] * 1000:>10.1f}ms")
print(f"live heap: {before / 2**20:.1f} MiB idle, {joined_heap / 2**20:.1f} MiB with {agents} agents"
      f" joined, {during / 2**20:.1f} MiB near the run's end with {series} series"
      f" ({stages} stages x {models} models x 8 metrics): {per_series / 1024:.1f} KiB per series")
print(f"snapshots sent {fleet_result['sent']:,}, acknowledged {fleet_result['acked']:,};"
      f" /metrics {max(s[1] for s in scrapes) / 1024:.0f} KiB, {failed_scrapes} of {len(scrapes)} scrapes"
      f" unanswered in 10 s; run {run_id} {status}; raw: {out}")
PY
