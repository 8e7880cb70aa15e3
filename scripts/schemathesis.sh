#!/usr/bin/env bash
# Schemathesis against the simulator's own OpenAPI document: generated requests (valid and
# invalid) to every operation, checking that no reply is a 5xx and that every reply's
# status, content type and body match the document.
#
# Checks: not_a_server_error, response_schema_conformance, status_code_conformance,
# content_type_conformance. Not positive_data_acceptance: the API (and so the simulator)
# answers 400 for a checkout or customer id it does not know, and generated ids are random,
# so schema-valid requests are rightly refused.
#
# Faults are off (the simulator's default). Usage: scripts/schemathesis.sh
# (SCHEMATHESIS_EXAMPLES=N per operation, default 40; NPDESK_VENV: where `make deps` put it).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${NPDESK_VENV:-$HOME/.cache/npdesk-venv}
ST="$VENV/bin/schemathesis"
BIN=target/debug/neuropay-sandbox
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-40}
[ -x "$ST" ] || { echo "schemathesis: $ST missing: run make deps"; exit 1; }
[ -x "$BIN" ] || { echo "schemathesis: $BIN missing: cargo build -p neuropay-sandbox"; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Throwaway keys of this run's simulator (passed by environment, not on the command line).
suffix=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export NEUROPAY_SANDBOX_TEST_KEY="npsb_test_$suffix"
export NEUROPAY_SANDBOX_LIVE_KEY="npsb_live_$suffix"
"$BIN" --port 0 --seed 5 >"$work/sandbox.out" 2>"$work/sandbox.err" &
pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on //p' "$work/sandbox.out")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "schemathesis: the simulator exited:"; cat "$work/sandbox.err"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "schemathesis: the simulator did not start"; exit 1; }
echo "schemathesis: simulator pid $pid at $url, $EXAMPLES examples per operation"

status=0
# From the temp dir: schemathesis keeps a `.schemathesis/` cache in its working directory.
(cd "$work" && "$ST" run "$url/openapi.json" \
  --url "$url" \
  --header "Authorization: Bearer $NEUROPAY_SANDBOX_TEST_KEY" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --max-examples "$EXAMPLES" \
  --seed 20261121 \
  --workers 2 \
  --output-sanitize true \
  --report junit --report-junit-path "$work/junit.xml") || status=$?
if [ -f "$work/junit.xml" ]; then
  python3 - "$work/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = sum(int(s.get("tests", 0)) for s in suites)
failures = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
print(f"schemathesis: {tests} JUnit cases (one per operation, plus the stateful links), {failures} failed")
PY
fi
exit "$status"
