#!/usr/bin/env bash
# End to end: pack MlSecAnalyzers, consume the .nupkg by PackageReference from a local folder feed in copies of the
# samples, and check what users see: `dotnet build -warnaserror` fails with exactly the expected diagnostics, SARIF
# carries ids, help links and CWE/OWASP tags, a real language server (csharp-ls) publishes the diagnostics for an open
# file, `dotnet format analyzers` applies the fixes and the result builds clean, and the presets switch rules.
#
# usage: tests/EndToEnd/run-e2e.sh [--results FILE]    (FILE receives "passed=N failed=M")
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
results_file=""
[ "${1:-}" = "--results" ] && results_file="${2:-}"

work="$(mktemp -d "${TMPDIR:-/tmp}/mlsec-e2e.XXXXXX")"
version="0.1.0-e2e.$(date +%Y%m%d%H%M%S).$$"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "E2E PASS: $*"; }
fail() { failed=$((failed + 1)); echo "E2E FAIL: $*"; }
# The consuming restores use the machine's package cache (so the samples' ML/AI packages are not downloaded again);
# the version is unique, so no stale build can be served, and this run's copy is removed from the cache at the end.
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
finish() {
  rm -rf "$packages/mlsecanalyzers/$version"
  if [ "$failed" -eq 0 ] && [ -z "${MLSEC_E2E_KEEP:-}" ]; then
    rm -rf "$work"
    echo "E2E steps: $passed passed, $failed failed"
  else
    echo "E2E steps: $passed passed, $failed failed (logs and copies kept in $work)"
  fi
  [ -n "$results_file" ] && echo "passed=$passed failed=$failed" > "$results_file"
  [ "$failed" -eq 0 ]
  exit $?
}
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# ---- 1. Pack -------------------------------------------------------------------------------------------------------
echo "== pack $version"
if dotnet pack "$root/src/MlSecAnalyzers.Package/MlSecAnalyzers.Package.csproj" -c Release -o "$work/feed" -p:Version="$version" > "$work/pack.log" 2>&1; then
  pass "pack produced $(ls "$work/feed")"
else
  tail -30 "$work/pack.log"; fail "pack"; finish
fi
nupkg="$work/feed/MlSecAnalyzers.$version.nupkg"

if python3 - "$nupkg" <<'PY'
import sys, zipfile, re
names = zipfile.ZipFile(sys.argv[1]).namelist()
need = ["analyzers/dotnet/cs/MlSecAnalyzers.dll", "analyzers/dotnet/cs/MlSecAnalyzers.CodeFixes.dll",
        "build/MlSecAnalyzers.props", "build/MlSecAnalyzers.targets",
        "build/config/mlsec-strict.globalconfig", "build/config/mlsec-none.globalconfig", "README.md"]
missing = [n for n in need if n not in names]
lib = [n for n in names if n.startswith("lib/")]
stray = [n for n in names if n.startswith("analyzers/") and not n.endswith((".dll",))]
nuspec = zipfile.ZipFile(sys.argv[1]).read("MlSecAnalyzers.nuspec").decode()
dev = re.search(r"<developmentDependency>true</developmentDependency>", nuspec)
deps = re.search(r"<dependency ", nuspec)
ok = not missing and not lib and not stray and dev and not deps
print("layout:", "ok" if ok else f"missing={missing} lib={lib} stray={stray} developmentDependency={bool(dev)} dependencies={bool(deps)}")
sys.exit(0 if ok else 1)
PY
then pass "package layout (analyzers/dotnet/cs, build props/targets/presets, no lib/, developmentDependency, no dependencies)"
else fail "package layout"; fi

# ---- 2. Copies of the samples that use the package --------------------------------------------------------------
mkdir -p "$work/src"
cp -r "$root/samples" "$work/src/samples"
rm -rf "$work/src/samples"/*/bin "$work/src/samples"/*/obj
cat > "$work/src/samples/MlSecAnalyzers.e2e.props" <<PROPS
<Project>
  <PropertyGroup>
    <MlSecAnalyzersVersion>$version</MlSecAnalyzersVersion>
  </PropertyGroup>
</Project>
PROPS
cat > "$work/src/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
CONFIG

# Unique "file(line,col): error ID" entries of a build log (MSBuild repeats each diagnostic in its summary).
count_ids() {
  grep -oE '[^ ]+\([0-9]+,[0-9]+\): (error|warning) [A-Z]+[0-9]+' "$1" | sort -u | awk '{print $NF}' | sort | uniq -c | awk '{print $2" "$1}'
}

check_sample() {
  local name="$1" project="$work/src/samples/$1/$1.csproj"
  echo "== $name: build -warnaserror with the package"
  if ! dotnet restore "$project" > "$work/$name.restore.log" 2>&1; then
    tail -20 "$work/$name.restore.log"; fail "$name: restore"; return
  fi
  dotnet build "$project" --no-restore -warnaserror -p:ErrorLog="$work/$name.sarif%2Cversion=2.1" > "$work/$name.build.log" 2>&1
  local rc=$?
  local actual expected
  actual="$(count_ids "$work/$name.build.log" | grep -E '^(MLSEC|AD)' | sort)"
  expected="$(grep -E '^MLSEC' "$root/samples/$name/expected-diagnostics.txt" | sort)"
  if [ "$rc" -ne 0 ] && [ "$actual" = "$expected" ]; then
    pass "$name: build -warnaserror fails with exactly: $(echo $expected)"
  else
    fail "$name: exit code $rc, expected [$(echo $expected)] got [$(echo $actual)]"
    grep -E 'error' "$work/$name.build.log" | sort -u | head -20
  fi
  # An analyzer that throws reports AD0001 without a source location, so the count above cannot see it.
  if grep -qE '(error|warning) AD0001' "$work/$name.build.log"; then
    fail "$name: an analyzer crashed (AD0001)"; grep -E 'AD0001' "$work/$name.build.log" | sort -u | head -5
  fi
  if grep -qE 'error (CS|NU|MSB)[0-9]+' "$work/$name.build.log"; then
    fail "$name: the sample has compiler or build errors of its own"; grep -E 'error (CS|NU|MSB)' "$work/$name.build.log" | sort -u | head
  fi

  # No diagnostic may carry any part of a secret. The secrets are the long token-like runs in the literals of the
  # sample's "// MLSECnnn: expected" lines (plus any other literal run of 20+ such characters); no 8-character
  # window of one may appear in the build output or the SARIF log.
  if python3 - "$work/src/samples/$name" "$work/$name.build.log" "$work/$name.sarif" <<'PY'
import sys, re, pathlib
lines = [line for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.cs")) if "/obj/" not in str(p) for line in p.read_text().splitlines()]
runs = lambda line, n: {run for literal in re.findall(r'"([^"\n]*)"', line) for run in re.findall(r'[A-Za-z0-9+/=_-]{%d,}' % n, literal)}
marked = [line for line in lines if re.search(r"//\s*MLSEC[0-9]{3}: expected", line)]
secrets = set().union(*(runs(line, 16) for line in marked)) | set().union(*(runs(line, 20) for line in lines))
outputs = pathlib.Path(sys.argv[2]).read_text() + (pathlib.Path(sys.argv[3]).read_text() if pathlib.Path(sys.argv[3]).exists() else "")
leaks = {s[:4] + "…" for s in secrets for i in range(len(s) - 7) if s[i:i + 8] in outputs}
print(f"secret leak check: {len(marked)} marked lines, {len(secrets)} secret values checked, {len(leaks)} leaking {sorted(leaks)}")
sys.exit(1 if leaks or not secrets else 0)
PY
  then pass "$name: no build output or SARIF text contains any part of a secret"
  else fail "$name: a secret leaked into the build output"; fi

  if python3 - "$work/$name.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
run = log["runs"][0]
rules = {r["id"]: r for r in run["tool"]["driver"].get("rules", []) if r["id"].startswith("MLSEC")}
results = [r for r in run["results"] if r["ruleId"].startswith("MLSEC")]
problems = []
for r in results:
    loc = r["locations"][0]["physicalLocation"]
    if "startLine" not in loc["region"] or "startColumn" not in loc["region"]:
        problems.append(f"{r['ruleId']} without a precise region")
for rule_id, rule in rules.items():
    if not rule.get("helpUri", "").endswith(f"docs/rules/{rule_id}.md"):
        problems.append(f"{rule_id} helpUri {rule.get('helpUri')}")
    tags = rule.get("properties", {}).get("tags", [])
    if not any(t.startswith("CWE-") or t.startswith("OWASP-") for t in tags):
        problems.append(f"{rule_id} has no CWE/OWASP tag: {tags}")
if not results:
    problems.append("no MLSEC results")
print(f"SARIF: {len(results)} MLSEC results, rules {sorted(rules)}", "; ".join(problems))
sys.exit(1 if problems else 0)
PY
  then pass "$name: SARIF 2.1 has rule ids, help URIs, CWE/OWASP tags and precise locations"
  else fail "$name: SARIF"; fi
}

check_sample ModelService
check_sample DesktopAssistant

# ---- 3. A real language server publishes the diagnostics for an open file ----------------------------------------
echo "== IDE: csharp-ls"
if dotnet tool install csharp-ls --version 0.28.0 --tool-path "$work/tools" > "$work/csharp-ls.log" 2>&1; then
  lsp_ok=1
  for spec in "Services/AssistantService.cs:MLSEC001" "Services/ScoringClient.cs:MLSEC001,MLSEC003" "Endpoints/ModelEndpoints.cs:MLSEC010"; do
    file="${spec%%:*}"; ids="${spec#*:}"
    if timeout 300 python3 "$here/lsp_diagnostics.py" "$work/tools/csharp-ls" "$work/src/samples/ModelService" "$work/src/samples/ModelService/$file" "$ids" 240; then :; else lsp_ok=0; fi
  done
  [ "$lsp_ok" -eq 1 ] && pass "csharp-ls publishes the expected MLSEC diagnostics for open files" || fail "csharp-ls diagnostics"
else
  tail -5 "$work/csharp-ls.log"; fail "install csharp-ls 0.28.0"
fi

# ---- 4. Presets -------------------------------------------------------------------------------------------------
echo "== presets"
if dotnet build "$work/src/samples/DesktopAssistant/DesktopAssistant.csproj" -warnaserror -p:MlSecAnalysisMode=None > "$work/preset-none.log" 2>&1 \
   && ! grep -q 'MLSEC' "$work/preset-none.log"; then
  pass "MlSecAnalysisMode=None turns every rule off"
else
  fail "MlSecAnalysisMode=None"; grep MLSEC "$work/preset-none.log" | sort -u | head -5
fi

# Strict raises the suggestion rules (which command-line builds otherwise skip) to warnings: the sample's endpoints
# then also report MLSEC011, on top of everything the default build reports.
dotnet build "$work/src/samples/ModelService/ModelService.csproj" --no-incremental -p:MlSecAnalysisMode=Strict > "$work/preset-strict.log" 2>&1
strict="$(count_ids "$work/preset-strict.log" | grep -E '^MLSEC' | sort)"
default="$(grep -E '^MLSEC' "$root/samples/ModelService/expected-diagnostics.txt" | sort)"
missing="$(comm -23 <(echo "$default") <(echo "$strict"))"
if [ -z "$missing" ] && echo "$strict" | grep -q '^MLSEC011 ' && ! grep -qE ' info MLSEC' "$work/preset-strict.log"; then
  pass "MlSecAnalysisMode=Strict reports every default diagnostic plus the suggestion rules as warnings: $(echo $strict)"
else
  fail "MlSecAnalysisMode=Strict: got [$(echo $strict)], missing [$(echo $missing)]"
fi

# ---- 5. dotnet format applies the fixes, and the result builds clean -------------------------------------------
echo "== dotnet format analyzers"
fixable="$(grep -E '^MLSEC' "$root/samples/ModelService/expected-diagnostics.txt" | awk '{print $1}' | tr '\n' ' ')"
if dotnet format analyzers "$work/src/samples/ModelService/ModelService.csproj" --diagnostics $fixable --severity warn > "$work/format.log" 2>&1; then
  if dotnet build "$work/src/samples/ModelService/ModelService.csproj" -warnaserror > "$work/after-format.log" 2>&1 && ! grep -q 'MLSEC' "$work/after-format.log"; then
    pass "dotnet format analyzers --diagnostics $fixable fixed every sample diagnostic and the sample builds clean with -warnaserror"
  else
    fail "after dotnet format the sample does not build clean"; grep -E 'error|MLSEC' "$work/after-format.log" | sort -u | head -20
  fi
else
  tail -20 "$work/format.log"; fail "dotnet format analyzers"
fi

finish
