#!/usr/bin/env bash
# The secrets deploy/compose mounts, in deploy/compose/secrets (made once; run again, it makes only
# what is missing):
#   tokens            the REST API's token hashes and roles the coordinator reads (--tokens)
#   admin.token       an admin token for you: curl -H "Authorization: Bearer $(cat ...)"
#   prometheus.token  the viewer token Prometheus scrapes /metrics with
#   certs/            the cluster's authority (ca.pem; ca-key.pem is never mounted) and the
#                     certificates of the agents' mutual-TLS link: coordinator.pem (role
#                     coordinator) and agent.pem (role agent, admits agent ids agent-*)
# Compose mounts secrets with the host file's owner and mode, and the containers run as other
# users (the coordinator and agents as 10001, Prometheus as nobody): what is mounted is made
# readable to all, inside a folder only you can enter; admin.token and ca-key.pem stay yours alone.
# Usage: deploy/compose/make-secrets.sh [JAR]   (default: cli/target/broadside.jar)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${1:-$here/../../cli/target/broadside.jar}
out=${BROADSIDE_SECRETS:-$here/secrets}
if [[ ! -f $jar ]]; then
  echo "no $jar: build it first (./mvnw -B -ntp -DskipTests package)" >&2
  exit 2
fi
mkdir -p "$out"
chmod 0700 "$out"
if [[ -s $out/tokens ]]; then
  echo "$out/tokens exists: kept" >&2
else
  java -jar "$jar" token --name admin --role admin --tokens "$out/tokens" --out "$out/admin.token"
  java -jar "$jar" token --name prometheus --role viewer --tokens "$out/tokens" \
    --out "$out/prometheus.token"
  chmod 0644 "$out/tokens" "$out/prometheus.token"
  chmod 0600 "$out/admin.token"
fi
certs=$out/certs
if [[ -s $certs/coordinator.pem && -s $certs/agent.pem ]]; then
  echo "$certs exists: kept" >&2
else
  # the coordinator is "coordinator" on the compose network; the agents dial it by its certificate's
  # role, not its name, so one agent certificate serves every replica
  java -jar "$jar" certs --dir "$certs" --name coordinator --role coordinator --host coordinator
  java -jar "$jar" certs --dir "$certs" --name agent --role agent
  chmod 0755 "$certs"
  chmod 0644 "$certs/ca.pem" "$certs/coordinator.pem" "$certs/coordinator-key.pem" \
    "$certs/agent.pem" "$certs/agent-key.pem"
  chmod 0600 "$certs/ca-key.pem"
fi
echo "secrets in $out: admin.token is your admin token" >&2
