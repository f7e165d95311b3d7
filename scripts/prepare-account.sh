#!/bin/bash
# Run once per AWS account, before the first cluster stack (docs/runbooks/first-deployment.md):
#   scripts/prepare-account.sh
# Creates the service-linked roles that this platform's policies name before AWS would create
# them itself. The node-volume KMS key's policy names the Auto Scaling service-linked role, and
# KMS refuses a key policy whose principal does not exist yet: in an account that never had an
# Auto Scaling group, the cluster stack would fail to create the key. Idempotent.
set -euo pipefail

ensure_service_linked_role() {
  local role=$1 service=$2
  if aws iam get-role --role-name "${role}" >/dev/null 2>&1; then
    echo "${role}: present"
  else
    aws iam create-service-linked-role --aws-service-name "${service}" >/dev/null
    echo "${role}: created"
  fi
}

ensure_service_linked_role AWSServiceRoleForAutoScaling autoscaling.amazonaws.com
