#!/usr/bin/env bash
# The REST API's tokens for deploy/compose, in deploy/compose/secrets (made once; run again, it
# keeps what is there):
#   tokens            the hashes and roles the coordinator reads (--tokens), no token in it
#   admin.token       an admin token for you: curl -H "Authorization: Bearer $(cat ...)"
#   prometheus.token  the viewer token Prometheus scrapes /metrics with
# Compose mounts secrets with the host file's owner and mode, and the containers run as other
# users (the coordinator as 10001, Prometheus as nobody): tokens and prometheus.token are made
# readable to all for them; admin.token stays yours alone.
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
if [[ -s $out/tokens ]]; then
  echo "$out/tokens exists: nothing made (delete the folder to start again)" >&2
  exit 0
fi
java -jar "$jar" token --name admin --role admin --tokens "$out/tokens" --out "$out/admin.token"
java -jar "$jar" token --name prometheus --role viewer --tokens "$out/tokens" \
  --out "$out/prometheus.token"
chmod 0644 "$out/tokens" "$out/prometheus.token"
chmod 0600 "$out/admin.token"
echo "made $out/tokens, $out/admin.token (yours) and $out/prometheus.token" >&2
