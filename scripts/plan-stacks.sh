#!/usr/bin/env bash
# Plans each given stack against its real state and saves the plan for the deploy to apply as
# reviewed (pull-request workflow, plan job):
#   scripts/plan-stacks.sh <plans-dir> <stack>...      (stacks in deploy order; run after npm run synth)
# Writes <plans-dir>/<stack>.tfplan and <plans-dir>/<stack>.txt (the plan as text, for the reviewer).
set -euo pipefail

if (($# < 2)); then
  echo "usage: $0 <plans-dir> <stack>..." >&2
  exit 2
fi
mkdir -p "$1"
plans=$(cd "$1" && pwd)
shift

for stack in "$@"; do
  dir=cdktf.out/stacks/$stack
  if [[ ! -f $dir/cdk.tf.json ]]; then
    echo "plan-stacks: $stack: no $dir/cdk.tf.json (run npm run synth first)" >&2
    exit 1
  fi
  terraform -chdir="$dir" init -input=false -no-color > /dev/null
  terraform -chdir="$dir" plan -input=false -no-color -out="$plans/$stack.tfplan" > /dev/null
  terraform -chdir="$dir" show -no-color "$plans/$stack.tfplan" > "$plans/$stack.txt"
  echo "planned $stack"
done
