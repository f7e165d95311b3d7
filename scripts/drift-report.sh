#!/usr/bin/env bash
# Plans each given stack with a refresh and reports drift in one markdown table (drift workflow):
#   scripts/drift-report.sh <summary-file> <stack>...      (run after npm run synth)
# Exit 0 when no stack drifted; 1 when one drifted or could not be planned.
set -uo pipefail

if (($# < 2)); then
  echo "usage: $0 <summary-file> <stack>..." >&2
  exit 2
fi
summary=$1
shift

status=0
{
  echo "| stack | result |"
  echo "|---|---|"
} >> "$summary"
for stack in "$@"; do
  dir=cdktf.out/stacks/$stack
  log=$(mktemp)
  if ! terraform -chdir="$dir" init -input=false -no-color > "$log" 2>&1; then
    echo "| $stack | error: terraform init failed |" >> "$summary"
    status=1
    rm -f "$log"
    continue
  fi
  terraform -chdir="$dir" plan -detailed-exitcode -input=false -lock=false -no-color > "$log" 2>&1
  code=$?
  case $code in
    0) echo "| $stack | no drift |" >> "$summary" ;;
    2)
      echo "| $stack | drift: $(grep -m1 -E '^Plan: ' "$log" || echo 'changes planned') |" >> "$summary"
      status=1
      ;;
    *)
      echo "| $stack | error: $(grep -m1 -E '^Error: ' "$log" || echo "terraform exited $code") |" >> "$summary"
      status=1
      ;;
  esac
  rm -f "$log"
done
exit $status
