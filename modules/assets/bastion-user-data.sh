#!/bin/bash
# Bastion boot (GEN-2, BAS-1): pinned admin tools only. No credentials here: administrators arrive
# through SSM Session Manager with their own IAM role, and read secrets from Secrets Manager.
set -euo pipefail

readonly KUBECTL_VERSION="@KUBECTL_VERSION@"
readonly CQLSH_VERSION="@CQLSH_VERSION@"
readonly REGION="@REGION@"
readonly CLUSTER_NAME="@CLUSTER_NAME@"

log() { printf '%s bastion-init: %s\n' "$(date -u +%FT%TZ)" "$*"; }

install_packages() {
  log "installing the MySQL client and Python"
  dnf install -y --setopt=install_weak_deps=False mariadb105 python3 python3-pip jq
}

install_kubectl() {
  local base="https://dl.k8s.io/release/v${KUBECTL_VERSION}/bin/linux/amd64"
  local workdir
  workdir=$(mktemp -d)
  log "installing kubectl ${KUBECTL_VERSION}"
  curl --fail --silent --show-error --location --proto '=https' --output "${workdir}/kubectl" "${base}/kubectl"
  curl --fail --silent --show-error --location --proto '=https' --output "${workdir}/kubectl.sha256" "${base}/kubectl.sha256"
  printf '%s  %s\n' "$(cat "${workdir}/kubectl.sha256")" "${workdir}/kubectl" | sha256sum --check --status
  install -m 0755 "${workdir}/kubectl" /usr/local/bin/kubectl
  rm -rf "${workdir}"
}

install_cqlsh() {
  log "installing cqlsh ${CQLSH_VERSION}"
  python3 -m pip install --no-cache-dir "cqlsh==${CQLSH_VERSION}"
}

configure_kubeconfig() {
  # Each administrator runs this under their own role; the bastion's role has no cluster access.
  cat > /etc/profile.d/apim-bastion.sh <<PROFILE
export AWS_REGION=${REGION}
alias apim-kubeconfig='aws eks update-kubeconfig --region ${REGION} --name ${CLUSTER_NAME}'
PROFILE
}

main() {
  install_packages
  install_kubectl
  install_cqlsh
  configure_kubeconfig
  log "done"
}

main "$@"
