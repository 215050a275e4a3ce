#!/usr/bin/env bash
# Memory per virtual user. A coordinator (CPU 0) and one agent (`broadside agent`, pinned to CPU 1,
# JVM options as ./broadside) run two plans:
#  1. STREAM_USERS closed-loop users ramped in over 10 s (STREAM_USERS/10 new connections a second),
#     each holding a one-minute SSE stream from bench/nginx/long-sse.conf (a chunk every 5 s);
#  2. THINK_USERS users ramped in over 20 s, each sending one request to the fast nginx of
#     ../shared/bench-peers and then thinking for 10 minutes.
# 15 s after each ramp, the agent's live heap (jcmd's class histogram, after a full GC) and its RSS
# are read, then the run is stopped. Prints heap per user (all of the agent's live heap divided by
# users, and over its idle heap) and RSS, and the generator's verdict over the ramp (which opened
# the connections). Goals (issue 14): <= 16 KiB per streaming user at 20,000; 100,000 thinking
# users in < 2 GiB; 2,000 new connections a second without saturating.
# Usage: STREAM_USERS=20000 THINK_USERS=100000 bench/memory-per-user.sh   (needs nginx, echo module)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
STREAM_USERS=${STREAM_USERS:-20000}
THINK_USERS=${THINK_USERS:-100000}
OUT=${OUT:-$(mktemp -d /tmp/broadside-memory.XXXX)}
mkdir -p "$OUT"
bench_setup nginx libnginx-mod-http-echo
JAVA_BIN=$(dirname "$(readlink -f "$(command -v java)")")
mkdir -p "$PEERS/nginx/logs" "$PEERS/nginx/tmp/long-sse-body"
sed "s|PEERS_DIR|$PEERS|g" "$ROOT/bench/nginx/long-sse.conf" > "$PEERS/nginx/long-sse.gen.conf"
stop_all() {
  [[ -f "$PEERS/nginx/long-sse.pid" ]] && kill "$(cat "$PEERS/nginx/long-sse.pid")" 2>/dev/null || true
  "$PEERS/stop_nginx.sh" >/dev/null 2>&1 || true
  kill ${AGENT:-} ${COORD:-} 2>/dev/null || true
}
trap stop_all EXIT
stop_all; sleep 0.3
taskset -c 0 /usr/sbin/nginx -c "$PEERS/nginx/long-sse.gen.conf" -p "$PEERS/nginx"
"$PEERS/start_nginx.sh" >/dev/null

JAR="$ROOT/cli/target/broadside.jar"
taskset -c 0 java -Dhazelcast.phone.home.enabled=false -jar "$JAR" coordinator --port 18440 \
  --grpc-port 18441 --hz-port 18710 --data "$OUT/runs" > "$OUT/coordinator.out" 2>&1 &
COORD=$!
taskset -c 1 java -Xms1g -Xmn512m -Dhazelcast.phone.home.enabled=false -jar "$JAR" agent \
  --join 127.0.0.1:18710 --hz-port 18720 --id bench-agent --max-users 200000 \
  --data "$OUT/agent-data" > "$OUT/agent.out" 2>&1 &
AGENT=$!

python3 - "$OUT" "$JAVA_BIN" "$AGENT" "$STREAM_USERS" "$THINK_USERS" <<'PY'
import json, re, subprocess, sys, time, urllib.request
out, java_bin, agent = sys.argv[1], sys.argv[2], sys.argv[3]
stream_users, think_users = int(sys.argv[4]), int(sys.argv[5])
base = "http://127.0.0.1:18440"

def call(path, body=None, timeout=30):
    req = urllib.request.Request(base + path, data=body, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())

def live_heap():
    text = subprocess.run([java_bin + "/jcmd", agent, "GC.class_histogram"], capture_output=True,
                          text=True, check=True).stdout
    return int(re.search(r"Total\s+\d+\s+(\d+)", text).group(1))

def rss():
    return int(re.search(r"VmRSS:\s+(\d+) kB", open(f"/proc/{agent}/status").read()).group(1)) * 1024

deadline = time.time() + 120
while True:
    try:
        if call("/api/v1/agents", timeout=1):
            break
    except Exception:
        pass
    if time.time() > deadline:
        sys.exit("the agent did not join")
    time.sleep(0.5)
time.sleep(2)
idle = live_heap()

def measure(name, users, ramp_s, plan):
    run = call("/api/v1/runs", plan.encode())["id"]
    while call(f"/api/v1/runs/{run}")["status"] not in ("running", "completed", "stopped", "failed"):
        time.sleep(0.1)
    time.sleep(ramp_s + 15)
    heap, resident = live_heap(), rss()
    call(f"/api/v1/runs/{run}/stop", b"")
    for _ in range(600):
        if call(f"/api/v1/runs/{run}")["status"] in ("completed", "stopped", "failed", "interrupted"):
            break
        time.sleep(0.2)
    summary = call(f"/api/v1/runs/{run}/summary")
    gen = summary.get("generator", {})
    return dict(name=name, users=users, heap=heap, resident=resident,
                verdict=gen.get("verdict", "?"), reason=gen.get("reason", ""),
                loop=max((a.get("loopDelayMaxMs", 0) for a in gen.get("agents", [])), default=0))

stream = measure("streaming", stream_users, 10, f"""name: bench-memory-streams
target: {{name: nginx-long-sse, protocol: openai-chat, url: http://127.0.0.1:18085, stream: true, timeout: 120s}}
models: [dummy]
dataset: {{synthetic: {{inputTokens: 8}}, seed: 1}}
maxTokens: 12
load:
  mode: closed
  stages:
    - {{name: ramp, duration: 10s, users: {stream_users}, ramp: 10s}}
    - {{name: hold, duration: 60s, users: {stream_users}}}
""")
time.sleep(3)
think = measure("thinking", think_users, 20, f"""name: bench-memory-think
target: {{name: nginx, protocol: openai-completions, url: http://127.0.0.1:18080, stream: false, timeout: 10s}}
models: [dummy]
dataset: {{synthetic: {{inputTokens: 8}}, seed: 1}}
maxTokens: 16
load:
  mode: closed
  thinkTime: 600s
  stages:
    - {{name: ramp, duration: 20s, users: {think_users}, ramp: 20s}}
    - {{name: hold, duration: 60s, users: {think_users}}}
""")

print(f"{'users':>9} {'doing':<10}{'live heap':>11}{'per user':>11}{'over idle':>11}{'RSS':>10}"
      f"{'goal':>18}  generator over the run")
for r, goal in ((stream, "<= 16 KiB/user"), (think, "< 2 GiB in all")):
    print(f"{r['users']:>9,} {r['name']:<10}{r['heap'] / 2**20:>9.0f}MiB"
          f"{r['heap'] / r['users'] / 1024:>8.1f}KiB{(r['heap'] - idle) / r['users'] / 1024:>8.1f}KiB"
          f"{r['resident'] / 2**20:>7.0f}MiB{goal:>18}  {r['verdict']} (loop delay max {r['loop']:.0f} ms)")
print(f"idle agent: {idle / 2**20:.1f} MiB live heap; raw: {out}")
PY
