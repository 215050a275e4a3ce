# Shared by the scripts in bench/ (sourced): where things are, the Debian packages a script needs,
# the peers' files, the jar, and Broadside's CPU sampled while it runs.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
export PEERS=${PEERS:-/tmp/broadside-peers}
HZ=$(getconf CLK_TCK)
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in bench/

# bench_setup PACKAGE...: installs the packages that are missing (from Debian), copies the peers'
# scripts and configurations to $PEERS, lifts the open-files limit, builds the jar if missing.
bench_setup() {
  local missing=() p
  for p in "$@"; do
    case $p in
      libnginx-mod-http-echo) [[ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ]] || missing+=("$p") ;;
      time) [[ -x /usr/bin/time ]] || missing+=("$p") ;;
      *) command -v "$p" >/dev/null || missing+=("$p") ;;
    esac
  done
  if (( ${#missing[@]} )); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  mkdir -p "$PEERS" && cp -r "$SHARED/bench-peers/." "$PEERS/" && chmod -R u+w "$PEERS"
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  [[ -f "$ROOT/cli/target/broadside.jar" ]] || (cd "$ROOT" && ./mvnw -B -q -ntp -DskipTests package)
}

# sample_cpu PID FILE: appends "epoch-seconds cpu-ticks" of PID to FILE every 250 ms until it
# exits, then reaps it (its exit status is ignored: the summary says how the run went).
sample_cpu() {
  local pid=$1 file=$2
  : > "$file"
  while kill -0 "$pid" 2>/dev/null; do
    [[ -r /proc/$pid/stat ]] && echo "$(date +%s.%N) $(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null)" >> "$file"
    sleep 0.25
  done
  wait "$pid" 2>/dev/null || true
}
