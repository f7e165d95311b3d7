#!/bin/bash
# Bastion boot (GEN-2, BAS-1): pinned admin tools and the operator scripts. No credentials here:
# administrators arrive through SSM Session Manager with their own IAM role; the AWS CLI in a
# session uses the instance role, which reads exactly what the operator scripts need.
set -euo pipefail

readonly KUBECTL_VERSION="@KUBECTL_VERSION@"
readonly CQLSH_VERSION="@CQLSH_VERSION@"
readonly CASSANDRA_VERSION="@CASSANDRA_VERSION@"
readonly REGION="@REGION@"
readonly CLUSTER_NAME="@CLUSTER_NAME@"
readonly LOG_TAG="bastion-init"

@COMMON@

install_packages() {
  log "installing the MySQL client and Python"
  dnf install -y --setopt=install_weak_deps=False mariadb105 python3 python3-pip jq java-11-amazon-corretto-headless
}

install_kubectl() {
  local workdir
  workdir=$(mktemp -d)
  log "installing kubectl ${KUBECTL_VERSION}"
  fetch_verified "https://dl.k8s.io/release/v${KUBECTL_VERSION}/bin/linux/amd64/kubectl" "${workdir}/kubectl"
  install -m 0755 "${workdir}/kubectl" /usr/local/bin/kubectl
  rm -rf "${workdir}"
}

install_cqlsh() {
  log "installing cqlsh ${CQLSH_VERSION}"
  python3 -m pip install --no-cache-dir "cqlsh==${CQLSH_VERSION}"
}

install_nodetool() {
  # nodetool ships only inside the Cassandra distribution: the same pinned release as the nodes.
  log "installing nodetool from Cassandra ${CASSANDRA_VERSION}"
  install_cassandra_release "${CASSANDRA_VERSION}" /opt/cassandra-tools
  ln -sf /opt/cassandra-tools/bin/nodetool /usr/local/bin/nodetool
}

# The operator scripts of the repository (scripts/), installed first so that a failed download
# below still leaves them on the host.
install_operator_scripts() {
  log "installing the operator scripts"
@OPERATOR_SCRIPTS@
}

configure_kubeconfig() {
  # A session's AWS CLI uses the instance role, whose access entry is read-only (AmazonEKSViewPolicy):
  # changes go through Git and Flux, or from an admin's workstation with scripts/cluster-tunnel.sh.
  cat > /etc/profile.d/apim-bastion.sh <<PROFILE
export AWS_REGION=${REGION}
alias apim-kubeconfig='aws eks update-kubeconfig --region ${REGION} --name ${CLUSTER_NAME}'
PROFILE
}

main() {
  install_operator_scripts
  install_packages
  install_kubectl
  install_cqlsh
  install_nodetool
  configure_kubeconfig
  log "done"
}

main "$@"
