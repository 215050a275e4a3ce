#!/usr/bin/env bash
# Installs, idempotently, what the tests need beyond Maven, all from Debian's packages:
#   prometheus + promtool  unpacked (no service) under /opt/broadside-tools/prometheus
#   docker-compose         to check deploy/compose (no engine needed for `config -q`)
#   openssl                the TLS tests make their certificates with it
#   kubectl                to render deploy/k8s (the machine's own; Debian's kubernetes-client else)
#   chromium + chromedriver the report is drawn by headless Chromium through Selenium
#   systemd-analyze        to verify the deploy/systemd units
set -euo pipefail
TOOLS=${BROADSIDE_TOOLS:-/opt/broadside-tools}
updated=
apt_update() { [[ -n $updated ]] || { apt-get update -q >/dev/null; updated=1; }; }

command -v openssl >/dev/null || { apt_update; apt-get install -y -q openssl >/dev/null; }
command -v docker-compose >/dev/null || { apt_update; apt-get install -y -q docker-compose >/dev/null; }
command -v kubectl >/dev/null || { apt_update; apt-get install -y -q kubernetes-client >/dev/null; }
command -v systemd-analyze >/dev/null || { apt_update; apt-get install -y -q systemd >/dev/null; }
command -v chromium >/dev/null && command -v chromedriver >/dev/null || { apt_update; apt-get install -y -q chromium chromium-driver >/dev/null; }

if [[ ! -x $TOOLS/prometheus/usr/bin/prometheus || ! -x $TOOLS/prometheus/usr/bin/promtool ]]; then
  apt_update
  work=$(mktemp -d) && chmod 755 "$work"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -q prometheus >/dev/null)
  mkdir -p "$TOOLS/prometheus"
  dpkg -x "$work"/prometheus_*.deb "$TOOLS/prometheus"
fi
"$TOOLS/prometheus/usr/bin/prometheus" --version 2>&1 | head -1
