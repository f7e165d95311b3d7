#!/bin/bash
# Run once from the bastion after the data stack is deployed (SQL-1, SEC-5):
#   scripts/mysql/create-metrics-user.sh <env> [region]
# Creates the least-privilege user of the metrics database from apim/<env>/metrics-db, using the
# master credentials RDS keeps in Secrets Manager. TLS is required by the server; the client
# verifies the RDS CA and the server's name, so it connects to the RDS endpoint (which the
# certificate names), not to the private-zone alias mysql.<env>.apim.internal. Idempotent: re-running sets the password from the secret again.
set -euo pipefail

readonly ENV_NAME="${1:?usage: create-metrics-user.sh <env> [region]}"
readonly REGION="${2:-${AWS_REGION:?set AWS_REGION or pass the region}}"
readonly DATABASE="metrics"
readonly CA_BUNDLE="https://truststore.pki.rds.amazonaws.com/${REGION}/${REGION}-bundle.pem"

# The master password goes through a client option file readable by this user only, never
# through arguments or the environment.
umask 077
workdir=$(mktemp -d)
trap 'rm -rf "${workdir}"' EXIT
curl --fail --silent --show-error --proto '=https' --output "${workdir}/rds-ca.pem" "${CA_BUNDLE}"

instance="apim-${ENV_NAME}-metrics"
read -r master_secret host < <(aws rds describe-db-instances --region "${REGION}" --db-instance-identifier "${instance}" \
  --query 'DBInstances[0].[MasterUserSecret.SecretArn,Endpoint.Address]' --output text)
master=$(aws secretsmanager get-secret-value --region "${REGION}" --secret-id "${master_secret}" --query SecretString --output text)
app=$(aws secretsmanager get-secret-value --region "${REGION}" --secret-id "apim/${ENV_NAME}/metrics-db" --query SecretString --output text)

app_user=$(jq --raw-output .username <<<"${app}")
app_pass=$(jq --raw-output .password <<<"${app}")

printf '[client]\nuser = %s\npassword = "%s"\n' "$(jq --raw-output .username <<<"${master}")" \
  "$(jq --raw-output .password <<<"${master}")" >"${workdir}/master.cnf"
mysql --defaults-extra-file="${workdir}/master.cnf" --host "${host}" \
  --ssl-ca "${workdir}/rds-ca.pem" --ssl-verify-server-cert <<SQL
CREATE USER IF NOT EXISTS '${app_user}'@'%' IDENTIFIED BY '${app_pass}' REQUIRE SSL;
ALTER USER '${app_user}'@'%' IDENTIFIED BY '${app_pass}' REQUIRE SSL;
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON ${DATABASE}.* TO '${app_user}'@'%';
SQL
echo "metrics user ${app_user} ready on ${host}/${DATABASE}"
