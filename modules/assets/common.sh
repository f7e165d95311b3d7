# --- functions shared by the instances' boot scripts (inserted by modules/user-data.ts) ---
log() { printf '%s %s: %s\n' "$(date -u +%FT%TZ)" "${LOG_TAG}" "$*"; }

# Downloads a release file over HTTPS and checks it against the SHA-256 published next to it.
fetch_verified() {
  local url=$1 out=$2
  curl --fail --silent --show-error --location --proto '=https' --output "${out}" "${url}"
  curl --fail --silent --show-error --location --proto '=https' --output "${out}.sha256" "${url}.sha256"
  printf '%s  %s\n' "$(cut -d' ' -f1 "${out}.sha256")" "${out}" | sha256sum --check --status
}

# Unpacks the pinned Apache Cassandra release into a directory.
install_cassandra_release() {
  local version=$1 dest=$2 workdir
  workdir=$(mktemp -d)
  fetch_verified "https://archive.apache.org/dist/cassandra/${version}/apache-cassandra-${version}-bin.tar.gz" \
    "${workdir}/cassandra.tar.gz"
  mkdir -p "${dest}"
  tar --extract --gzip --file "${workdir}/cassandra.tar.gz" --strip-components=1 --directory "${dest}"
  rm -rf "${workdir}"
}
# --- end of the shared functions ---
