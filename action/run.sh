#!/usr/bin/env bash
# The eventctl GitHub Action's checks, as one script so it runs (and is tested) outside GitHub too.
# Reads: INPUT_MANIFEST, INPUT_BASE_REF, INPUT_MIN_LEVEL, INPUT_SARIF_FILE, and GitHub's
# GITHUB_STEP_SUMMARY and GITHUB_OUTPUT (files; either may be unset locally). EVENTCTL overrides
# the command (default: the eventctl beside this script).
# Every check runs even when an earlier one fails, so one run shows everything; the exit code is
# 1 when any check failed, 2 when the manifest itself is unusable.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
read -r -a eventctl <<< "${EVENTCTL:-node $here/../bin/eventctl.js}"
manifest="${INPUT_MANIFEST:-eventctl.yaml}"
base_ref="${INPUT_BASE_REF:-}"
min_level="${INPUT_MIN_LEVEL:-}"
sarif="${INPUT_SARIF_FILE:-eventctl.sarif}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
output="${GITHUB_OUTPUT:-/dev/null}"

declare -A result
run_check() {
  local name="$1"; shift
  echo "::group::eventctl $name"
  "${eventctl[@]}" "$@"
  local code=$?
  echo "::endgroup::"
  result[$name]=$code
  return 0
}

run_check validate validate -m "$manifest"
if [ "${result[validate]}" -ne 0 ]; then
  echo "::error file=$manifest::eventctl validate failed (exit ${result[validate]}); fix the manifest first"
  {
    echo "### eventctl: the manifest does not validate"
    echo
    echo "\`eventctl validate -m $manifest\` exited ${result[validate]}; see the job log."
  } >> "$summary"
  echo "failed=true" >> "$output"
  exit 2
fi

against=()
if [ -n "$base_ref" ]; then against=(--against "$base_ref"); fi
run_check "schema check" schema check -m "$manifest" --format github "${against[@]}"
run_check lint lint -m "$manifest" --format sarif -o "$sarif"
# review appends its markdown to GITHUB_STEP_SUMMARY itself; stdout keeps a copy in the log.
level=()
if [ -n "$min_level" ]; then level=(--min-level "$min_level"); fi
GITHUB_STEP_SUMMARY="$summary" run_check review review -m "$manifest" --format markdown "${level[@]}"

failed=false
{
  echo
  echo "| eventctl check | result |"
  echo "|---|---|"
  for name in validate "schema check" lint review; do
    code="${result[$name]}"
    if [ "$code" -eq 0 ]; then mark="✅ pass"; elif [ "$code" -eq 1 ]; then mark="❌ findings"; failed=true; else mark="⛔ error (exit $code)"; failed=true; fi
    echo "| \`$name\` | $mark |"
  done
} >> "$summary"
{
  echo "sarif-file=$sarif"
  echo "failed=$failed"
} >> "$output"
if [ "$failed" = true ]; then exit 1; fi
exit 0
