#!/usr/bin/env bash
# Soak: a cluster of three agents, each in its own network namespace, and the coordinator in the
# root namespace drive open-loop Poisson arrivals (RATE/s, DURATION_S seconds) at the simulator in a
# fourth namespace. Every SAMPLE_S seconds it samples, for every process (coordinator, agents,
# simulator), the heap after a full GC (jcmd GC.run, then GC.heap_info), its open file descriptors
# and its threads. At the end it prints each series' first and last value and its least-squares
# slope per hour, and compares the requests the coordinator merged with those the simulator
# served (its request log, status 200). Outside CI: it runs for 30 minutes by default. The target
# is pinned to CPU 0, Broadside's processes to CPU 1. The namespaces and their links are removed at
# the end, also on failure. The coordinator runs without tokens or TLS on the namespaces' private
# bridge (--insecure-no-auth): nothing outside this host reaches it.
# Usage: DURATION_S=1800 RATE=150 SAMPLE_S=60 bench/soak.sh      (root: network namespaces)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DURATION_S=${DURATION_S:-1800}
RATE=${RATE:-150}
SAMPLE_S=${SAMPLE_S:-60}
OUT=${OUT:-$(mktemp -d /tmp/broadside-soak.XXXX)}
mkdir -p "$OUT"
bench_setup
JAVA_BIN=$(dirname "$(readlink -f "$(command -v java)")")
JAR="$ROOT/cli/target/broadside.jar"
NS=bsoak
BR=${NS}br
PIDS=()

cleanup() {
  for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill -9 "$p" 2>/dev/null || true; done
  for k in 1 2 3 4; do
    ip netns del "$NS$k" 2>/dev/null || true
    ip link del "${NS}v$k" 2>/dev/null || true
  done
  ip link del "$BR" 2>/dev/null || true
}
trap cleanup EXIT
cleanup

# a bridge at 198.18.1.1; hosts 198.18.1.2-4 (agents s1-s3) and 198.18.1.5 (the simulator)
ip link add "$BR" type bridge
ip addr add 198.18.1.1/24 dev "$BR"
ip link set "$BR" up
for k in 1 2 3 4; do
  ip netns add "$NS$k"
  ip link add "${NS}v$k" type veth peer name "${NS}p$k"
  ip link set "${NS}p$k" netns "$NS$k"
  ip link set "${NS}v$k" master "$BR" up
  ip netns exec "$NS$k" ip addr add "198.18.1.$((k + 1))/24" dev "${NS}p$k"
  ip netns exec "$NS$k" ip link set "${NS}p$k" up
  ip netns exec "$NS$k" ip link set lo up
done

JOPTS="-Xms512m -Dhazelcast.phone.home.enabled=false"
ip netns exec "${NS}4" taskset -c 0 "$JAVA_BIN/java" $JOPTS -jar "$JAR" simulate \
  --host 198.18.1.5 --port 18600 --preset fast --openai-only \
  --request-log "$OUT/sim.jsonl" > "$OUT/simulator.out" 2>&1 &
PIDS+=($!); SIM=$!
taskset -c 1 "$JAVA_BIN/java" $JOPTS -jar "$JAR" coordinator --bind 198.18.1.1 --port 18420 \
  --grpc-port 18421 --hz-port 18701 --data "$OUT/runs" --insecure-no-auth \
  > "$OUT/coordinator.out" 2>&1 &
PIDS+=($!); COORD=$!
AGENTS=()
for k in 1 2 3; do
  ip netns exec "$NS$k" taskset -c 1 "$JAVA_BIN/java" $JOPTS -jar "$JAR" agent \
    --join 198.18.1.1:18701 --bind "198.18.1.$((k + 1))" --id "s$k" --insecure-no-auth \
    --data "$OUT/agent-s$k" > "$OUT/agent-s$k.out" 2>&1 &
  PIDS+=($!); AGENTS+=($!)
done

python3 - "$OUT" "$JAVA_BIN" "$DURATION_S" "$RATE" "$SAMPLE_S" "$COORD" "$SIM" "${AGENTS[@]}" <<'PY'
import json, os, re, subprocess, sys, time, urllib.request
out, java_bin = sys.argv[1], sys.argv[2]
duration, rate, sample_s = int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
coord, sim, agents = sys.argv[6], sys.argv[7], sys.argv[8:]
procs = {"coordinator": coord, "simulator": sim}
procs.update({f"agent s{k + 1}": pid for k, pid in enumerate(agents)})
base = "http://198.18.1.1:18420"

def get(path, timeout=10):
    with urllib.request.urlopen(base + path, timeout=timeout) as r:
        return json.loads(r.read())

def heap_after_gc(pid):
    subprocess.run([java_bin + "/jcmd", pid, "GC.run"], capture_output=True, check=True)
    text = subprocess.run([java_bin + "/jcmd", pid, "GC.heap_info"], capture_output=True,
                          text=True, check=True).stdout
    return sum(int(u) for u in re.findall(r"used (\d+)K", text.split("Metaspace")[0])) / 1024

def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))

def threads(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("Threads:"):
            return int(line.split()[1])

deadline = time.time() + 120
while time.time() < deadline:
    for name, pid in procs.items():
        if not os.path.exists(f"/proc/{pid}"):
            sys.exit(f"the {name} exited; see {out}/{name.replace('agent ', 'agent-')}.out")
    try:
        if len(get("/api/v1/agents", 1)) == 3:
            break
    except Exception:
        pass
    time.sleep(1)
else:
    sys.exit("the three agents did not join within 120 s; see " + out)

plan = f"""name: soak
target: {{name: sim, protocol: openai-chat, url: http://198.18.1.5:18600, stream: true, timeout: 30s}}
models: [llama-2-7b]
dataset: {{synthetic: {{inputTokens: 64, outputTokensMin: 8, outputTokensMax: 64}}, seed: 7}}
maxTokens: 64
load:
  mode: open
  arrival: poisson
  stages: [{{name: soak, duration: {duration}s, rate: {rate}/s}}]
"""
req = urllib.request.Request(base + "/api/v1/runs", data=plan.encode(),
                             headers={"Content-Type": "application/yaml"})
run_id = json.loads(urllib.request.urlopen(req, timeout=10).read())["id"]
print(f"run {run_id}: {rate}/s for {duration} s; sampling every {sample_s} s into {out}", flush=True)

samples = []  # (minute, name, heap MiB, fds, threads, the run's status then)
start = time.time()

def sample(status):
    t = (time.time() - start) / 60
    for name, pid in procs.items():
        try:
            samples.append((t, name, heap_after_gc(pid), fds(pid), threads(pid), status))
        except Exception as e:
            print(f"cannot sample {name}: {e}", flush=True)
    row = {s[1]: s for s in samples if s[0] == t}
    print(f"{t:6.1f} min  {status:9} " + "  ".join(
        f"{n}: {v[2]:.0f} MiB {v[3]} fds {v[4]} thr" for n, v in row.items()), flush=True)

while True:
    status = get("/api/v1/runs/" + run_id)["status"]
    if status in ("completed", "failed", "stopped"):
        break
    sample(status)
    time.sleep(max(0, sample_s - (time.time() - start) % sample_s))

run_json = os.path.join(out, "runs", run_id, "run.json")
for _ in range(60):
    if os.path.exists(run_json):
        break
    time.sleep(1)
time.sleep(5)  # the report is written after run.json
sample("ended")
summary = json.load(open(os.path.join(out, "runs", run_id, "summary.json")))
ok = summary["stages"][0]["all"]["requests"]
served = 0
with open(os.path.join(out, "sim.jsonl")) as f:
    for line in f:
        if '"status":200' in line.replace(" ", ""):
            served += 1

def slope(points):
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    var = sum((p[0] - mx) ** 2 for p in points)
    return 0.0 if var == 0 else sum((p[0] - mx) * (p[1] - my) for p in points) / var * 60

print()
print(f"run {run_id} {summary['status']}: merged ok {ok['ok']}, failed {ok['failed']},"
      f" interrupted {ok.get('interrupted', 0)}; the simulator served {served}"
      f" ({'equal' if ok['ok'] == served else 'NOT EQUAL'})")
print(f"{'process':14}{'heap MiB first':>16}{'last':>8}{'per hour':>10}"
      f"{'fds first':>11}{'last':>6}{'per hour':>10}{'threads first':>15}{'last':>6}{'per hour':>10}")
# the slopes are of the samples while the run went, after two minutes of warming up; the last
# line of the table is the sample after the run ended and its files were written
steady = [s for s in samples if s[0] >= 2 and s[5] == "running"]
for name in procs:
    mine = [s for s in steady if s[1] == name]
    if not mine:
        continue
    h = slope([(s[0], s[2]) for s in mine])
    d = slope([(s[0], s[3]) for s in mine])
    th = slope([(s[0], s[4]) for s in mine])
    print(f"{name:14}{mine[0][2]:16.1f}{mine[-1][2]:8.1f}{h:10.2f}"
          f"{mine[0][3]:11d}{mine[-1][3]:6d}{d:10.2f}{mine[0][4]:15d}{mine[-1][4]:6d}{th:10.2f}")
after = {s[1]: s for s in samples if s[5] == "ended"}
print("after the run (files written): " + "  ".join(
    f"{n}: {v[2]:.1f} MiB {v[3]} fds {v[4]} thr" for n, v in after.items()))
json.dump({"run": run_id, "merged": ok, "served": served, "samples": samples},
          open(os.path.join(out, "soak.json"), "w"))
PY
