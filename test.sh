#!/usr/bin/env bash
# Runs every test: the unit tests (xunit, against the real ML/AI packages) and the end-to-end test (packed package,
# samples, SARIF, language server, dotnet format). Ends with one line "N passed, N failed": N counts the unit tests
# (from the TRX log) plus the end-to-end test as one test.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

results="$(mktemp -d "${TMPDIR:-/tmp}/mlsec-tests.XXXXXX")"

echo "== unit tests"
dotnet test MlSecAnalyzers.sln -c Release --logger "trx;LogFileName=unit.trx" --results-directory "$results"
unit_rc=$?

read -r unit_passed unit_failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is not None:
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
print(passed, failed)
PY
)
# A test run that crashed or never started counts as a failure even if it wrote no TRX.
if [ "$unit_rc" -ne 0 ] && [ "${unit_failed:-0}" -eq 0 ]; then unit_failed=1; fi

echo "== end-to-end test"
# The end-to-end test counts as one test: it passes when every one of its steps (printed "E2E PASS/FAIL") passes.
bash tests/EndToEnd/run-e2e.sh --results "$results/e2e.txt"
e2e_rc=$?
steps_passed=0; steps_failed=0
[ -f "$results/e2e.txt" ] && eval "$(sed -E 's/passed=([0-9]+) failed=([0-9]+)/steps_passed=\1; steps_failed=\2/' "$results/e2e.txt")"
if [ "$e2e_rc" -eq 0 ] && [ "$steps_failed" -eq 0 ] && [ "$steps_passed" -gt 0 ]; then e2e_passed=1; e2e_failed=0; else e2e_passed=0; e2e_failed=1; fi

passed=$(( ${unit_passed:-0} + e2e_passed ))
failed=$(( ${unit_failed:-0} + e2e_failed ))
echo "unit tests: ${unit_passed:-0} passed, ${unit_failed:-0} failed; end-to-end test: $([ "$e2e_failed" -eq 0 ] && echo passed || echo failed) ($steps_passed steps passed, $steps_failed failed)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
