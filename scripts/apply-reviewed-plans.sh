#!/usr/bin/env bash
# Applies the plans reviewed in the pull request, stack by stack in deploy order (deploy workflow):
#   scripts/apply-reviewed-plans.sh <plans-dir> <stack>...      (run after npm run synth)
# Terraform refuses a saved plan whose state changed since it was planned ("Saved plan is stale").
# A downstream stack's plan was made with its upstream's outputs as they were then: when an apply
# here changes the outputs of a stack that a later stack reads, that later plan is refused too.
# Either refusal stops the deploy: re-run the pull request's plan job and deploy again.
set -euo pipefail

if (($# < 2)); then
  echo "usage: $0 <plans-dir> <stack>..." >&2
  exit 2
fi
plans=$(cd "$1" && pwd)
shift

changed_outputs=()
for stack in "$@"; do
  dir=cdktf.out/stacks/$stack
  plan=$plans/$stack.tfplan
  if [[ ! -f $plan ]]; then
    echo "apply-reviewed-plans: $stack: no reviewed plan in $plans; the pull request did not plan it" >&2
    exit 1
  fi
  for upstream in "${changed_outputs[@]}"; do
    if grep -q "cross-stack-reference-input-$upstream\"" "$dir/cdk.tf.json"; then
      echo "apply-reviewed-plans: $stack: its plan read the outputs of $upstream, which this deploy changed; re-run the plan job and deploy again" >&2
      exit 1
    fi
  done
  terraform -chdir="$dir" init -input=false -no-color > /dev/null
  before=$(terraform -chdir="$dir" output -json -no-color)
  if ! terraform -chdir="$dir" apply -input=false -no-color "$plan"; then
    echo "apply-reviewed-plans: $stack: terraform refused or failed to apply the reviewed plan" >&2
    exit 1
  fi
  after=$(terraform -chdir="$dir" output -json -no-color)
  if [[ $before != "$after" ]]; then
    changed_outputs+=("$stack")
  fi
  echo "applied $stack"
done
