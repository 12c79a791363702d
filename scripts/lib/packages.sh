# The Debian packages Reserva needs to build, test and run; installed only when missing.
# shellcheck shell=bash
reserva_packages=(
  build-essential autoconf automake libtool pkg-config
  libfcgi-dev libcgicc-dev libmysqlcppconn-dev libctemplate-dev libcurl4-openssl-dev libssl-dev
  libboost-test-dev nlohmann-json3-dev liboath-dev libqrencode-dev libvips-dev libcsv-dev
  mariadb-server mariadb-client nginx-light curl python3 systemd
)
# The browser tests' Chromium; node and npm come from Debian when the machine has none.
# Galera: scripts/galera (rsync SST needs rsync and ss); apache2, libapache2-mod-fcgid: test_apache.py; mandoc:
# tests/man; debhelper, dpkg-dev, lintian, mmdebstrap: scripts/package-test.
reserva_test_packages=(chromium galera-4 rsync iproute2 nftables apache2 libapache2-mod-fcgid mandoc debhelper dpkg-dev lintian mmdebstrap)

install_missing_packages() {
  local missing=()
  for p in "${reserva_packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# playwright-core for the browser tests, from the npm registry, pinned by package-lock.json.
install_browser_test_tools() {
  local top=$1
  command -v node >/dev/null && command -v npm >/dev/null || install_missing_packages nodejs npm
  [ -d "$top/tests/e2e/node_modules/playwright-core" ] && return 0
  (cd "$top/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
