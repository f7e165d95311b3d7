#!/usr/bin/env bash
# Runs one command against the private EKS endpoint of an env from outside the VPC, through an SSM
# port forward on the env's bastion:
#   scripts/cluster-tunnel.sh <env> <region> -- <command> [args...]
#   scripts/cluster-tunnel.sh prod eu-west-1 -- npx cdktf deploy prod-platform --skip-synth --ignore-missing-stack-dependencies
# - finds the bastion by its Name tag (apim-<env>-bastion, running) and the endpoint of apim-<env>;
# - starts `aws ssm start-session` with AWS-StartPortForwardingSessionToRemoteHost from
#   127.0.0.1:<port> (CLUSTER_TUNNEL_PORT, default 8443) to the endpoint's port 443, in the
#   background, and waits until the local port accepts connections;
# - exports TF_VAR_cluster_api_tunnel=127.0.0.1:<port>: the platform stack's helm and kubernetes
#   providers then connect there and verify the API server's certificate against the cluster CA
#   under the endpoint's host name (tls_server_name);
# - runs the command and exits with its status; the session is stopped in every case.
# Needs the AWS CLI v2, the Session Manager plugin and bash >= 3.2; the caller's role needs
# ec2:DescribeInstances, eks:DescribeCluster, and ssm:StartSession on the bastion instance and on
# arn:aws:ssm:<region>::document/AWS-StartPortForwardingSessionToRemoteHost
# (docs/runbooks/first-deployment.md).
set -euo pipefail

readonly DOCUMENT="AWS-StartPortForwardingSessionToRemoteHost"

usage() {
  echo "usage: $0 <env> <region> -- <command> [args...]" >&2
  exit 2
}

(($# >= 2)) || usage
readonly ENV_NAME=$1 REGION=$2
shift 2
[[ ${1:-} == "--" ]] && shift
(($# > 0)) || usage
[[ $ENV_NAME =~ ^[a-z][a-z0-9]*$ ]] || {
  echo "env must be an env name such as prod, not '${ENV_NAME}'" >&2
  exit 2
}
readonly LOCAL_PORT=${CLUSTER_TUNNEL_PORT:-8443}
[[ $LOCAL_PORT =~ ^[0-9]+$ ]] || {
  echo "CLUSTER_TUNNEL_PORT must be a port number, not '${LOCAL_PORT}'" >&2
  exit 2
}
readonly WAIT_SECONDS=${CLUSTER_TUNNEL_WAIT_SECONDS:-30}
readonly CLUSTER="apim-${ENV_NAME}"
readonly BASTION="apim-${ENV_NAME}-bastion"

command -v aws >/dev/null || {
  echo "the AWS CLI (aws) is not installed" >&2
  exit 1
}
command -v session-manager-plugin >/dev/null || {
  echo "the Session Manager plugin (session-manager-plugin) is not installed:" \
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html" >&2
  exit 1
}

instances=$(aws ec2 describe-instances --region "$REGION" \
  --filters "Name=tag:Name,Values=${BASTION}" "Name=instance-state-name,Values=running" \
  --query 'Reservations[].Instances[].InstanceId' --output text)
ids=()
read -r -d '' -a ids <<<"$instances" || true # every word of every line
if ((${#ids[@]} != 1)) || [[ ${ids[0]} == "None" ]]; then
  echo "expected one running instance tagged Name=${BASTION} in ${REGION}, found: '${instances}'" >&2
  exit 1
fi
readonly INSTANCE_ID=${ids[0]}

endpoint=$(aws eks describe-cluster --region "$REGION" --name "$CLUSTER" --query 'cluster.endpoint' --output text)
readonly ENDPOINT_HOST=${endpoint#https://}
[[ $endpoint == https://* && -n $ENDPOINT_HOST && $ENDPOINT_HOST != */* ]] || {
  echo "unexpected endpoint of ${CLUSTER}: '${endpoint}'" >&2
  exit 1
}

if (exec 3<>"/dev/tcp/127.0.0.1/${LOCAL_PORT}") 2>/dev/null; then
  echo "127.0.0.1:${LOCAL_PORT} is in use: set CLUSTER_TUNNEL_PORT to a free port" >&2
  exit 1
fi

session_log=$(mktemp)
session_pid=""
# shellcheck disable=SC2317 # reached through the EXIT trap
stop_session() {
  local status=$?
  if [[ -n $session_pid ]]; then
    # The session runs in its own process group: aws and the plugin it started stop together.
    kill -TERM -- "-${session_pid}" 2>/dev/null || kill -TERM "$session_pid" 2>/dev/null || true
    wait "$session_pid" 2>/dev/null || true
    local session_id
    session_id=$(sed -n 's/^Starting session with SessionId: *\([^ ]*\).*/\1/p' "$session_log" | head -n 1)
    if [[ -n $session_id ]]; then
      aws ssm terminate-session --region "$REGION" --session-id "$session_id" >/dev/null 2>&1 || true
    fi
    echo "cluster-tunnel: session to ${ENDPOINT_HOST} stopped" >&2
  fi
  rm -f "$session_log"
  exit "$status"
}
trap stop_session EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "cluster-tunnel: 127.0.0.1:${LOCAL_PORT} -> ${ENDPOINT_HOST}:443 through ${INSTANCE_ID} (${BASTION})" >&2
set -m # job control: the session gets a process group of its own
aws ssm start-session --region "$REGION" --target "$INSTANCE_ID" --document-name "$DOCUMENT" \
  --parameters "host=${ENDPOINT_HOST},portNumber=443,localPortNumber=${LOCAL_PORT}" \
  </dev/null >"$session_log" 2>&1 &
session_pid=$!
set +m

waited=0
until (exec 3<>"/dev/tcp/127.0.0.1/${LOCAL_PORT}") 2>/dev/null; do
  if ! kill -0 "$session_pid" 2>/dev/null; then
    echo "the SSM session ended before 127.0.0.1:${LOCAL_PORT} opened:" >&2
    cat "$session_log" >&2
    exit 1
  fi
  if ((waited >= WAIT_SECONDS * 5)); then
    echo "127.0.0.1:${LOCAL_PORT} did not open within ${WAIT_SECONDS}s:" >&2
    cat "$session_log" >&2
    exit 1
  fi
  sleep 0.2
  waited=$((waited + 1))
done

export TF_VAR_cluster_api_tunnel="127.0.0.1:${LOCAL_PORT}"
status=0
"$@" || status=$?
exit "$status"
