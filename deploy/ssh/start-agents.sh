#!/usr/bin/env bash
# Installs and starts a Broadside agent on every host of a list, over ssh and scp:
# copies the jar, deploy/systemd/broadside-agent.service and the agents' certificates, writes
# /etc/broadside/agent.env and (re)starts the unit. The remote user needs sudo; each host needs
# Java 17 at /usr/bin/java.
#
#   deploy/ssh/start-agents.sh HOSTS_FILE --coordinator HOST[:5701] --certs DIR [--jar PATH]
#                              [--user USER] [--ssh-option OPT]... [--agent-opts "OPTIONS"]
#                              [--dry-run]
#
# HOSTS_FILE: one host a line, `HOST [BIND_ADDRESS]`; blank lines and # comments are skipped.
# --certs DIR: ca.pem, agent.pem and agent-key.pem (broadside certs --dir DIR --name agent), installed
# in /etc/broadside/certs, the key readable by root only; the authority's key is never copied.
# Without a BIND_ADDRESS the agent listens on every interface and advertises HOST.
# --dry-run prints every command instead of running it, and contacts no host.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

hosts_file= coordinator= user= dry_run= agent_opts= certs=
jar="$ROOT/cli/target/broadside.jar"
unit="$ROOT/deploy/systemd/broadside-agent.service"
ssh_opts=(-o BatchMode=yes -o ConnectTimeout=10)
while (($#)); do
  case $1 in
    --coordinator) coordinator=${2:?--coordinator needs HOST[:PORT]}; shift 2 ;;
    --jar) jar=${2:?--jar needs a path}; shift 2 ;;
    --certs) certs=${2:?--certs needs a folder}; shift 2 ;;
    --user) user=${2:?--user needs a name}; shift 2 ;;
    --ssh-option) ssh_opts+=(-o "${2:?--ssh-option needs an option}"); shift 2 ;;
    --agent-opts) agent_opts=${2?--agent-opts needs options}; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [[ -z $hosts_file ]] || { echo "one hosts file only: $1" >&2; usage; }; hosts_file=$1; shift ;;
  esac
done
[[ -n $hosts_file && -n $coordinator && -n $certs ]] || usage
[[ -r $hosts_file ]] || { echo "cannot read $hosts_file" >&2; exit 2; }
for f in ca.pem agent.pem agent-key.pem; do
  [[ -r $certs/$f ]] || { echo "no $certs/$f: broadside certs --dir $certs --name agent" >&2; exit 2; }
done
[[ $coordinator == *:* ]] || coordinator="$coordinator:5701"
if [[ ! -f $jar ]]; then
  [[ -n $dry_run ]] || { echo "no jar at $jar: ./mvnw -B -ntp -DskipTests package" >&2; exit 2; }
  echo "# (dry run) the jar $jar is not built yet" >&2
fi

# quote ARG: ARG as a shell word (single-quoted unless plain)
quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:@=,+-]+$ ]]; then printf '%s' "$1"; else printf "'%s'" "${1//\'/\'\\\'\'}"; fi
}
# run CMD...: runs it, or prints it (one line, quoted) in a dry run
run() {
  if [[ -n $dry_run ]]; then
    local out=() a
    for a in "$@"; do out+=("$(quote "$a")"); done
    echo "${out[*]}"
  else
    "$@"
  fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count=0
while IFS= read -r line || [[ -n $line ]]; do
  host= bind=
  read -r host bind _ <<< "${line%%#*}"
  [[ -n $host ]] || continue
  target=${user:+$user@}$host
  if [[ -n ${bind:-} ]]; then
    opts=$agent_opts
  else
    bind=0.0.0.0
    opts="--advertise $host${agent_opts:+ $agent_opts}"
  fi
  env_file="$work/$host/agent.env"
  mkdir -p "$work/$host"
  printf '%s\n' "# written by deploy/ssh/start-agents.sh" "BROADSIDE_COORDINATOR=$coordinator" \
    "BROADSIDE_BIND=$bind" "BROADSIDE_OPTS=$opts" "JAVA_OPTS=-Xms1g -Xmn512m" > "$env_file"
  echo "# $host: agent joining $coordinator, bound to $bind; agent.env:" >&2
  sed 's/^/#   /' "$env_file" >&2
  # the key keeps its owner-only mode on the way (scp creates files with the source's mode)
  run scp "${ssh_opts[@]}" -q "$jar" "$unit" "$env_file" "$certs/ca.pem" "$certs/agent.pem" \
    "$certs/agent-key.pem" "$target:/tmp/"
  # -n: ssh must not read the hosts file, which is this loop's standard input
  run ssh -n "${ssh_opts[@]}" "$target" "set -e; sudo install -d -m 0755 /opt/broadside /etc/broadside;\
 sudo install -d -m 0700 /etc/broadside/certs;\
 sudo install -m 0644 /tmp/broadside.jar /opt/broadside/broadside.jar;\
 sudo install -m 0644 /tmp/broadside-agent.service /etc/systemd/system/broadside-agent.service;\
 sudo install -m 0644 /tmp/agent.env /etc/broadside/agent.env;\
 sudo install -m 0644 /tmp/ca.pem /tmp/agent.pem /etc/broadside/certs/;\
 sudo install -m 0600 /tmp/agent-key.pem /etc/broadside/certs/agent-key.pem;\
 rm -f /tmp/broadside.jar /tmp/broadside-agent.service /tmp/agent.env /tmp/ca.pem /tmp/agent.pem /tmp/agent-key.pem;\
 sudo systemctl daemon-reload; sudo systemctl enable broadside-agent;\
 sudo systemctl restart broadside-agent; systemctl is-active broadside-agent"
  count=$((count + 1))
done < "$hosts_file"
((count > 0)) || { echo "no hosts in $hosts_file" >&2; exit 2; }
echo "# $count agent(s) ${dry_run:+would be }started; check: curl -s -H \"Authorization: Bearer \$TOKEN\" http://${coordinator%:*}:8420/api/v1/agents" >&2
