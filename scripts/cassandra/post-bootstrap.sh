#!/bin/bash
# Run from the bastion after the three Cassandra nodes of an env are up (APIM-7), and again after
# adding a gateway group:
#   apim-cassandra-post-bootstrap <env> <region> <group>...     (installed from this file)
# - replicates system_auth with factor 3 in the env's datacenter (without it API Manager cannot
#   authenticate when a node is down);
# - creates each gateway group's keyspace and throttling keyspace with factor 3: Axway requires a
#   keyspace of its own per group (lib/cassandra-keyspaces.ts names them; the env's groups are
#   listed in docs/conformance/<env>.md);
# - replaces the default 'cassandra' superuser by the admin role from apim/<env>/cassandra-admin;
# - creates the application role from apim/<env>/cassandra-app with rights on its keyspaces only;
# - repairs system_auth on every node.
# Idempotent: every statement uses IF NOT EXISTS or ALTER. Reads and writes of API Management must
# use QUORUM: set it in the FED's Cassandra settings (Policy Studio > Server Settings > Cassandra).
set -euo pipefail

readonly USAGE="usage: post-bootstrap.sh <env> <region> <gateway-group>..."
readonly ENV_NAME="${1:?${USAGE}}"
readonly REGION="${2:?${USAGE}}"
shift 2
(($# > 0)) || { echo "${USAGE}" >&2; exit 2; }
readonly GATEWAY_GROUPS=("$@")
readonly ZONE="${ENV_NAME}.apim.internal"
readonly NODES=("cassandra-0.${ZONE}" "cassandra-1.${ZONE}" "cassandra-2.${ZONE}")
readonly DATACENTER="${REGION}"

secret() {
  aws secretsmanager get-secret-value --region "${REGION}" --secret-id "apim/${ENV_NAME}/$1" --query SecretString --output text
}

# Credentials and statements holding passwords go through files readable by this user only,
# never through arguments (which every user of the host sees in ps).
umask 077
workdir=$(mktemp -d)
trap 'rm -rf "${workdir}"' EXIT
secret cassandra-tls | jq --raw-output .ca_pem >"${workdir}/ca.pem"

admin_user=$(secret cassandra-admin | jq --raw-output .username)
admin_pass=$(secret cassandra-admin | jq --raw-output .password)
app_user=$(secret cassandra-app | jq --raw-output .username)
app_pass=$(secret cassandra-app | jq --raw-output .password)

# A cqlshrc per login. cqlsh 6.1 reads the password from [plain_text_auth] of the credentials
# file, later releases from [PlainTextAuthProvider]: the file carries both.
login_config() {
  local name=$1 user=$2 pass=$3
  printf '[plain_text_auth]\nusername = %s\npassword = %s\n\n[PlainTextAuthProvider]\nusername = %s\npassword = %s\n' \
    "${user}" "${pass}" "${user}" "${pass}" >"${workdir}/${name}.credentials"
  printf '[authentication]\nusername = %s\ncredentials = %s\n\n[ssl]\ncertfile = %s\nvalidate = true\n' \
    "${user}" "${workdir}/${name}.credentials" "${workdir}/ca.pem" >"${workdir}/${name}.cqlshrc"
}
login_config admin "${admin_user}" "${admin_pass}"
login_config default cassandra cassandra
# nodetool's JMX password file: "<user> <password>".
printf '%s %s\n' "${admin_user}" "${admin_pass}" >"${workdir}/jmx.password"

# cql <login> <statement>: the statement is read from a file.
cql() {
  local name=$1
  shift
  printf '%s\n' "$*" >"${workdir}/statement.cql"
  cqlsh --ssl --cqlshrc "${workdir}/${name}.cqlshrc" --request-timeout 60 "${NODES[0]}" 9042 \
    --file "${workdir}/statement.cql"
}

replication="{'class': 'NetworkTopologyStrategy', '${DATACENTER}': 3}"

# First run: only the default superuser exists. Later runs: the admin role does.
if cql admin "SELECT role FROM system_auth.roles LIMIT 1;" >/dev/null 2>&1; then
  login="admin"
else
  login="default"
fi

cql "${login}" "ALTER KEYSPACE system_auth WITH replication = ${replication};"
cql "${login}" "CREATE ROLE IF NOT EXISTS ${admin_user} WITH SUPERUSER = true AND LOGIN = true AND PASSWORD = '${admin_pass}';"
cql admin "ALTER ROLE cassandra WITH SUPERUSER = false AND LOGIN = false AND PASSWORD = '$(openssl rand -hex 24)';"
# Per group: axway_apim_<group> and t_axway_apim_<group>, dashes as underscores.
keyspaces=()
for group in "${GATEWAY_GROUPS[@]}"; do
  keyspaces+=("axway_apim_${group//-/_}" "t_axway_apim_${group//-/_}")
done
for keyspace in "${keyspaces[@]}"; do
  cql admin "CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${replication};"
done
cql admin "CREATE ROLE IF NOT EXISTS ${app_user} WITH LOGIN = true AND PASSWORD = '${app_pass}';"
cql admin "ALTER ROLE ${app_user} WITH PASSWORD = '${app_pass}';"
for keyspace in "${keyspaces[@]}"; do
  cql admin "GRANT ALL PERMISSIONS ON KEYSPACE ${keyspace} TO ${app_user};"
done

for node in "${NODES[@]}"; do
  nodetool --host "${node}" --port 7199 --username "${admin_user}" --password-file "${workdir}/jmx.password" \
    repair --full system_auth
done
echo "post-bootstrap done: system_auth and ${keyspaces[*]} replicated x3 in ${DATACENTER}; app role ${app_user}"
