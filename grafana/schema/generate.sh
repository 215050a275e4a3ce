#!/usr/bin/env bash
# Regenerates grafana/schema/dashboard.schema.json (draft-07) from the TypeScript types of
# npm @grafana/schema. Needs Node/npm; CI does not run this, it only validates against the result.
# Pinned versions of the committed schema: @grafana/schema 13.2.3, ts-json-schema-generator 2.4.0.
set -euo pipefail
GRAFANA_SCHEMA_VERSION=${GRAFANA_SCHEMA_VERSION:-13.2.3}
GENERATOR_VERSION=${GENERATOR_VERSION:-2.4.0}
out="$(cd "$(dirname "$0")" && pwd)/dashboard.schema.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm i --no-audit --no-fund "@grafana/schema@$GRAFANA_SCHEMA_VERSION" "ts-json-schema-generator@$GENERATOR_VERSION" >/dev/null
npx ts-json-schema-generator \
  -p node_modules/@grafana/schema/dist/types/raw/dashboard/x/types.gen.d.ts \
  -t Dashboard --no-type-check --additional-properties >"$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
