#!/bin/bash
# Cassandra node boot (APIM-7): installs the pinned Apache Cassandra release, mounts the node's own
# data volume (formatting it only if it holds no file system), and configures the ring: cluster
# name, seeds, datacenter = region, rack = zone, password authentication, client and inter-node
# TLS, heap for the instance size, remote JMX with authentication for the bastion, logs shipped to
# CloudWatch. Credentials and TLS material come from Secrets Manager at boot, never from here.
# The operator sets the TLS secret after the data stack is deployed, which may take hours after the
# nodes boot (RDS Multi-AZ alone takes most of an hour): the script waits for it without a limit,
# since cloud-init runs user data only once per instance. SSM Session Manager works meanwhile.
# To re-run it on a node (idempotent): sudo bash /var/lib/cloud/instance/user-data.txt
set -euo pipefail

readonly CASSANDRA_VERSION="@CASSANDRA_VERSION@"
readonly CLUSTER_NAME="@CLUSTER_NAME@"
readonly SEEDS="@SEEDS@"
readonly DATACENTER="@DATACENTER@"
readonly RACK="@RACK@"
readonly MAX_HEAP_MB="@MAX_HEAP_MB@"
readonly NEW_HEAP_MB="@NEW_HEAP_MB@"
readonly REGION="@REGION@"
readonly TLS_SECRET="@TLS_SECRET@"
readonly ADMIN_SECRET="@ADMIN_SECRET@"
readonly LOG_GROUP="@LOG_GROUP@"

readonly DATA_DEVICE="/dev/sdf"
readonly DATA_LABEL="cassandra-data"
readonly DATA_DIR="/var/lib/cassandra"
readonly LOG_DIR="/var/log/cassandra"
readonly INSTALL_DIR="/opt/cassandra"
readonly CONF_DIR="/etc/cassandra"
readonly LOG_TAG="cassandra-init"
readonly SECRET_POLL_SECONDS=60

@COMMON@

imds() {
  local token
  token=$(curl --fail --silent --request PUT --header "X-aws-ec2-metadata-token-ttl-seconds: 300" http://169.254.169.254/latest/api/token)
  curl --fail --silent --header "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"
}

secret_field() {
  aws secretsmanager get-secret-value --region "${REGION}" --secret-id "$1" --query SecretString --output text | jq --raw-output "$2"
}

# Succeeds once the secret has a current value in which every field is set.
secret_has_fields() {
  local secret=$1 field
  shift
  for field in "$@"; do
    [[ -n $(secret_field "${secret}" "${field} // empty" 2>/dev/null) ]] || return 1
  done
}

wait_for_secret() {
  local secret=$1 waited=0
  shift
  until secret_has_fields "${secret}" "$@"; do
    log "waiting for ${secret} to hold $* (set by the operator, docs/secrets.md; ${waited}s so far)"
    sleep "${SECRET_POLL_SECONDS}"
    waited=$((waited + SECRET_POLL_SECONDS))
  done
}

install_packages() {
  log "installing Java 11, the CloudWatch agent and tools"
  dnf install -y --setopt=install_weak_deps=False java-11-amazon-corretto-headless amazon-cloudwatch-agent jq xfsprogs
}

install_cassandra() {
  log "installing Apache Cassandra ${CASSANDRA_VERSION}"
  id cassandra >/dev/null 2>&1 || useradd --system --home-dir "${DATA_DIR}" --shell /sbin/nologin cassandra
  mkdir -p "${CONF_DIR}" "${LOG_DIR}"
  install_cassandra_release "${CASSANDRA_VERSION}" "${INSTALL_DIR}"
  # The release's conf/ has sub-folders (triggers/): copy the tree, once. The files this script
  # owns (cassandra.yaml, rack, JMX) are written on every run below.
  if [[ ! -e ${CONF_DIR}/cassandra.yaml ]]; then
    cp -R "${INSTALL_DIR}/conf/." "${CONF_DIR}/"
  fi
}

mount_data_volume() {
  local waited=0
  until [[ -b ${DATA_DEVICE} ]]; do
    ((waited < 600)) || { log "data volume ${DATA_DEVICE} never attached"; exit 1; }
    sleep 5
    waited=$((waited + 5))
  done
  # Format only an empty volume: a replaced instance must find its data intact.
  if ! blkid "${DATA_DEVICE}" >/dev/null 2>&1; then
    log "formatting the new data volume"
    mkfs.xfs -L "${DATA_LABEL}" "${DATA_DEVICE}"
  fi
  mkdir -p "${DATA_DIR}"
  grep -q "LABEL=${DATA_LABEL}" /etc/fstab || echo "LABEL=${DATA_LABEL} ${DATA_DIR} xfs defaults,noatime,nofail 0 2" >>/etc/fstab
  mount -a
  mkdir -p "${DATA_DIR}"/{data,commitlog,saved_caches,hints}
}

write_tls_material() {
  log "reading TLS material from ${TLS_SECRET}"
  umask 077
  secret_field "${TLS_SECRET}" .keystore | base64 --decode >"${CONF_DIR}/keystore.p12"
  secret_field "${TLS_SECRET}" .truststore | base64 --decode >"${CONF_DIR}/truststore.p12"
}

write_config() {
  local address store_password
  address=$(imds local-ipv4)
  # A JSON string is a valid YAML scalar: any character of the password survives.
  store_password=$(secret_field "${TLS_SECRET}" '.password | tojson')
  umask 077
  # The release's own cassandra.yaml is world-readable; this one holds the store password.
  rm -f "${CONF_DIR}/cassandra.yaml"
  cat >"${CONF_DIR}/cassandra.yaml" <<YAML
cluster_name: '${CLUSTER_NAME}'
num_tokens: 16
allocate_tokens_for_local_replication_factor: 3
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: GossipingPropertyFileSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "${SEEDS}"
listen_address: ${address}
rpc_address: ${address}
native_transport_port: 9042
storage_port: 7000
data_file_directories: [${DATA_DIR}/data]
commitlog_directory: ${DATA_DIR}/commitlog
saved_caches_directory: ${DATA_DIR}/saved_caches
hints_directory: ${DATA_DIR}/hints
commitlog_sync: periodic
commitlog_sync_period_in_ms: 10000
authenticator: PasswordAuthenticator
authorizer: CassandraAuthorizer
role_manager: CassandraRoleManager
server_encryption_options:
  internode_encryption: all
  enable_legacy_ssl_storage_port: false
  keystore: ${CONF_DIR}/keystore.p12
  keystore_password: ${store_password}
  store_type: PKCS12
  truststore: ${CONF_DIR}/truststore.p12
  truststore_password: ${store_password}
  protocol: TLS
  accepted_protocols: [TLSv1.2, TLSv1.3]
  require_client_auth: true
client_encryption_options:
  enabled: true
  optional: false
  keystore: ${CONF_DIR}/keystore.p12
  keystore_password: ${store_password}
  store_type: PKCS12
  protocol: TLS
  accepted_protocols: [TLSv1.2, TLSv1.3]
YAML
  printf 'dc=%s\nrack=%s\n' "${DATACENTER}" "${RACK}" >"${CONF_DIR}/cassandra-rackdc.properties"
  printf '%s %s\n' "$(secret_field "${ADMIN_SECRET}" .username)" "$(secret_field "${ADMIN_SECRET}" .password)" >"${CONF_DIR}/jmxremote.password"
  printf '%s readwrite\n' "$(secret_field "${ADMIN_SECRET}" .username)" >"${CONF_DIR}/jmxremote.access"
  chown -R cassandra:cassandra "${INSTALL_DIR}" "${CONF_DIR}" "${DATA_DIR}" "${LOG_DIR}"
  chmod 0400 "${CONF_DIR}/jmxremote.password"
}

write_service() {
  cat >/etc/systemd/system/cassandra.service <<UNIT
[Unit]
Description=Apache Cassandra ${CASSANDRA_VERSION}
After=network-online.target
Wants=network-online.target
RequiresMountsFor=${DATA_DIR}

[Service]
User=cassandra
Group=cassandra
Environment=CASSANDRA_CONF=${CONF_DIR}
Environment=CASSANDRA_LOG_DIR=${LOG_DIR}
Environment=MAX_HEAP_SIZE=${MAX_HEAP_MB}M
Environment=HEAP_NEWSIZE=${NEW_HEAP_MB}M
Environment=LOCAL_JMX=no
Environment="JVM_EXTRA_OPTS=-Dcom.sun.management.jmxremote.password.file=${CONF_DIR}/jmxremote.password -Dcom.sun.management.jmxremote.access.file=${CONF_DIR}/jmxremote.access"
ExecStart=${INSTALL_DIR}/bin/cassandra -f
LimitNOFILE=100000
LimitNPROC=32768
LimitMEMLOCK=infinity
Restart=on-failure
RestartSec=30

[Install]
WantedBy=multi-user.target
UNIT
}

ship_logs() {
  cat >/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<JSON
{"logs": {"logs_collected": {"files": {"collect_list": [
  {"file_path": "${LOG_DIR}/system.log", "log_group_name": "${LOG_GROUP}", "log_stream_name": "{instance_id}/system.log"},
  {"file_path": "/var/log/cloud-init-output.log", "log_group_name": "${LOG_GROUP}", "log_stream_name": "{instance_id}/boot.log"}
]}}}}
JSON
  /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
    -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json
}

main() {
  install_packages
  ship_logs
  install_cassandra
  mount_data_volume
  wait_for_secret "${TLS_SECRET}" .keystore .truststore .password
  wait_for_secret "${ADMIN_SECRET}" .username .password
  write_tls_material
  write_config
  write_service
  systemctl daemon-reload
  systemctl enable --now cassandra
  log "Cassandra started; run scripts/cassandra/post-bootstrap.sh from the bastion once all nodes are up"
}

main "$@"
