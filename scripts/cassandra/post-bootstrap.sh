#!/bin/bash
# Run once from the bastion after the three Cassandra nodes of an env are up (APIM-7):
#   scripts/cassandra/post-bootstrap.sh <env> [region]
# - replicates system_auth and the API Management keyspaces with factor 3 in the env's datacenter
#   (without it API Manager cannot authenticate when a node is down);
# - replaces the default 'cassandra' superuser by the admin role from apim/<env>/cassandra-admin;
# - creates the application role from apim/<env>/cassandra-app with rights on its keyspaces only;
# - repairs system_auth on every node.
# Idempotent: every statement uses IF NOT EXISTS or ALTER. Reads and writes of API Management must
# use QUORUM: set it in the FED's Cassandra settings (Policy Studio > Server Settings > Cassandra).
set -euo pipefail

readonly ENV_NAME="${1:?usage: post-bootstrap.sh <env> [region]}"
readonly REGION="${2:-${AWS_REGION:?set AWS_REGION or pass the region}}"
readonly ZONE="${ENV_NAME}.apim.internal"
readonly NODES=("cassandra-0.${ZONE}" "cassandra-1.${ZONE}" "cassandra-2.${ZONE}")
readonly KEYSPACE="axway_apim"
readonly DATACENTER="${REGION}"

secret() {
  aws secretsmanager get-secret-value --region "${REGION}" --secret-id "apim/${ENV_NAME}/$1" --query SecretString --output text
}

workdir=$(mktemp -d)
trap 'rm -rf "${workdir}"' EXIT
secret cassandra-tls | jq --raw-output .ca_pem >"${workdir}/ca.pem"
cat >"${workdir}/cqlshrc" <<RC
[ssl]
certfile = ${workdir}/ca.pem
validate = true
RC

admin_user=$(secret cassandra-admin | jq --raw-output .username)
admin_pass=$(secret cassandra-admin | jq --raw-output .password)
app_user=$(secret cassandra-app | jq --raw-output .username)
app_pass=$(secret cassandra-app | jq --raw-output .password)

cql() {
  local user=$1 pass=$2
  shift 2
  cqlsh --ssl --cqlshrc "${workdir}/cqlshrc" --username "${user}" --password "${pass}" \
    --request-timeout 60 "${NODES[0]}" 9042 --execute "$*"
}

replication="{'class': 'NetworkTopologyStrategy', '${DATACENTER}': 3}"

# First run: only the default superuser exists. Later runs: the admin role does.
if cql "${admin_user}" "${admin_pass}" "SELECT role FROM system_auth.roles LIMIT 1" >/dev/null 2>&1; then
  login=("${admin_user}" "${admin_pass}")
else
  login=(cassandra cassandra)
fi

cql "${login[@]}" "ALTER KEYSPACE system_auth WITH replication = ${replication};"
cql "${login[@]}" "CREATE ROLE IF NOT EXISTS ${admin_user} WITH SUPERUSER = true AND LOGIN = true AND PASSWORD = '${admin_pass}';"
cql "${admin_user}" "${admin_pass}" "ALTER ROLE cassandra WITH SUPERUSER = false AND LOGIN = false AND PASSWORD = '$(openssl rand -hex 24)';"
for keyspace in "${KEYSPACE}" "t_${KEYSPACE}"; do
  cql "${admin_user}" "${admin_pass}" "CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${replication};"
done
cql "${admin_user}" "${admin_pass}" "CREATE ROLE IF NOT EXISTS ${app_user} WITH LOGIN = true AND PASSWORD = '${app_pass}';"
cql "${admin_user}" "${admin_pass}" "ALTER ROLE ${app_user} WITH PASSWORD = '${app_pass}';"
for keyspace in "${KEYSPACE}" "t_${KEYSPACE}"; do
  cql "${admin_user}" "${admin_pass}" "GRANT ALL PERMISSIONS ON KEYSPACE ${keyspace} TO ${app_user};"
done

for node in "${NODES[@]}"; do
  nodetool --host "${node}" --port 7199 --username "${admin_user}" --password "${admin_pass}" repair --full system_auth
done
echo "post-bootstrap done: system_auth and ${KEYSPACE} replicated x3 in ${DATACENTER}; app role ${app_user}"
