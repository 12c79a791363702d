#!/bin/bash
# The Debian package's life in a clean Debian 12 root (scripts/package-test runs this inside it,
# chrooted, in a network namespace of its own, after installing the first .deb with apt):
# setup-db and migrate against a MariaDB started here, reserva-fcgi and nginx started with the
# shipped files the way the units would start them (no systemd runs here), one purchase through
# the payment sandbox, an upgrade to the second .deb (migrations applied, data kept), a failed
# migration failing an upgrade, remove, purge. TAP on stdout.
#
#   scenario.sh OLD_DEB NEW_DEB        (paths inside the root; the test files are in /opt/reserva-test)
set -uo pipefail
old_deb=$1 new_deb=$2
here=/opt/reserva-test
conf=/etc/reserva/reserva.conf
export DEBIAN_FRONTEND=noninteractive
number=0 failures=0

ok() {  # ok DESCRIPTION COMMAND...: one TAP line; the command's output is shown when it fails
  local what=$1 out
  shift
  number=$((number + 1))
  if out=$("$@" 2>&1); then
    echo "ok $number - $what"
  else
    failures=$((failures + 1))
    echo "not ok $number - $what"
    printf '%s\n' "$out" | tail -30 | sed 's/^/# /'
  fi
}

equals() { [ "$1" = "$2" ] || { echo "got '$1', wanted '$2'"; return 1; }; }
mode_of() { stat -c '%a %U:%G' "$1"; }
sql() { mariadb -N -B -e "$1"; }
wait_until() {  # wait_until SECONDS COMMAND...
  local seconds=$1
  shift
  for _ in $(seq $((seconds * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  "$@"
}

# --- what the first install left -----------------------------------------------------------------
ip link set lo up
conffile_mode() { grep -qx "$conf" /var/lib/dpkg/info/reserva.conffiles && equals "$(mode_of "$conf")" "640 root:_reserva"; }
units_enabled() {
  [ -L /etc/systemd/system/sockets.target.wants/reserva.socket ] &&
    [ -L /etc/systemd/system/timers.target.wants/reserva-expire.timer ] &&
    [ ! -e /etc/systemd/system/multi-user.target.wants/reserva.service ]
}
units_verify() {
  local out status
  out=$(systemd-analyze verify --man=no /lib/systemd/system/reserva.socket /lib/systemd/system/reserva.service \
    /lib/systemd/system/reserva-expire.service /lib/systemd/system/reserva-expire.timer 2>&1)
  status=$?
  echo "$out"
  [ $status -eq 0 ] && ! grep -q reserva <<<"$out"
}
socket_unit() {
  grep -qx SocketGroup=www-data /lib/systemd/system/reserva.socket && grep -qx SocketMode=0660 /lib/systemd/system/reserva.socket
}
man_pages() {
  for page in man8/reserva-fcgi.8 man8/reserva-expire.8 man8/reservactl.8 man5/reserva.conf.5; do
    [ -s "/usr/share/man/$page.gz" ] || { echo "missing $page"; return 1; }
  done
}
ok "the system user _reserva exists" id _reserva
ok "the config is a conffile at 0640 root:_reserva" conffile_mode
ok "the media folder is 2750 _reserva:www-data" equals "$(mode_of /var/lib/reserva/media)" "2750 _reserva:www-data"
ok "the socket and the timer are enabled, the service is not (the socket starts it)" units_enabled
ok "the units pass systemd-analyze verify" units_verify
ok "the socket unit makes the socket 0660 root:www-data" socket_unit
ok "the man pages are installed" man_pages

# --- the database, as README.Debian says ---------------------------------------------------------
# MariaDB as its unit starts it (Debian's my.cnf: /run/mysqld/mysqld.sock, /var/lib/mysql).
start_db() {
  install -d -o mysql -g mysql /run/mysqld
  mariadbd --user=mysql >>/var/log/mariadb-test.log 2>&1 &
  wait_until 60 mariadb-admin ping
}
credentials_written() { grep -Eq '^password = [0-9a-f]{48}$' "$conf" && conffile_mode; }
ok "MariaDB starts" start_db
ok "reservactl setup-db creates the database and its user" reservactl setup-db
ok "setup-db wrote the password and kept the file's mode" credentials_written
password=$(sed -n 's/^password = //p' "$conf")
ok "reservactl migrate creates the schema" reservactl migrate

# The rest of the config, as the sysadmin fills it in: this root's web server and sandbox.
sed -i -e 's|^base_url = .*|base_url = https://shop.example.com|' -e 's|^api_base = .*|api_base = http://127.0.0.1:8081|' \
  -e 's|^access_token =.*|access_token = TEST-reserva-sandbox|' \
  -e 's|^webhook_secret =.*|webhook_secret = sandbox-webhook-secret-for-tests-only|' "$conf"
product=$(reservactl product add --name "Package tee" --price 59.90)
color=$(reservactl color add --name "Package blue")
ok "a product with 3 units in stock" reservactl stock set --product "$product" --color "$color" --size M --quantity 3

# --- the store, started the way the units start it -----------------------------------------------
python3 "$here/tests/sandbox/mercadopago_sandbox.py" --port 8081 --access-token TEST-reserva-sandbox \
  --webhook-secret sandbox-webhook-secret-for-tests-only >/var/log/sandbox-test.log 2>&1 &
sandbox=$!

# reserva.socket: /run/reserva (DirectoryMode=0711) and the socket, root:www-data 0660, passed as
# fd 3 on the first connection; reserva.service: its ExecStart as User=_reserva, UMask=0027.
start_app() {
  install -d -m 0711 /run/reserva
  rm -f /run/reserva/fcgi.sock
  local exec_start
  exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/reserva.service)
  # shellcheck disable=SC2086  # ExecStart is words
  (umask 0027; exec systemd-socket-activate -l /run/reserva/fcgi.sock -- \
    setpriv --reuid=_reserva --regid=_reserva --init-groups -- $exec_start) >>/var/log/reserva-test.log 2>&1 &
  app=$!
  wait_until 20 test -S /run/reserva/fcgi.sock
  chown root:www-data /run/reserva/fcgi.sock && chmod 0660 /run/reserva/fcgi.sock
}
stop_app() { kill -TERM "$app" 2>/dev/null; wait "$app" 2>/dev/null; }
runs_as_service_user() { equals "$(ps -o user= -p "$app")" _reserva && grep -q 'serving with' /var/log/reserva-test.log; }
start_app
# The shipped site serves shop.example.com over HTTPS with the certificate at Debian's snakeoil
# paths (its placeholder): here one made for that name, trusted by this root (curl, the
# sandbox's webhook calls, the shopper) as a real one would be.
echo "127.0.0.1 shop.example.com" >> /etc/hosts
make_certificate() {
  mkdir -p /etc/ssl/private &&
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=shop.example.com \
      -addext subjectAltName=DNS:shop.example.com -keyout /etc/ssl/private/ssl-cert-snakeoil.key \
      -out /etc/ssl/certs/ssl-cert-snakeoil.pem &&
    cp /etc/ssl/certs/ssl-cert-snakeoil.pem /usr/local/share/ca-certificates/reserva-test.crt &&
    update-ca-certificates
}
redirects_to_https() {
  equals "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' http://shop.example.com/store/)" \
    "301 https://shop.example.com/store/"
}
ok "a certificate for shop.example.com" make_certificate
ln -sf /usr/share/reserva/nginx/reserva.conf /etc/nginx/sites-enabled/reserva.conf
rm -f /etc/nginx/sites-enabled/default
ok "nginx accepts the shipped site" nginx -t
nginx
ok "the store answers through nginx over HTTPS (workers as www-data, through the socket's group)" \
  wait_until 20 curl -sf -o /dev/null https://shop.example.com/store/
ok "reserva-fcgi was started by the first request, as _reserva" runs_as_service_user
ok "plain HTTP is sent to HTTPS" redirects_to_https
ok "static files come from the package" curl -sf -o /dev/null https://shop.example.com/static/css/store.css

order=$(python3 "$here/tests/package/purchase.py" "$product" "$color" M 2>&1)
bought=$?
ok "one item bought end to end: cart, checkout, sandbox payment, return, webhook, order page" \
  bash -c "echo \"\$0\"; [ $bought -eq 0 ]" "$order"
order=${order//[^0-9]/}
order_paid() {
  equals "$(sql "SELECT COUNT(*) FROM reserva.shop_order o JOIN reserva.payment p ON p.order_id = o.id
               WHERE o.id = '${order:-0}' AND o.end_date IS NOT NULL AND p.status = 'approved'")" 1
}
ok "the sale took one unit" equals "$(reservactl stock get --product "$product" --color "$color" --size M)" 2
ok "the order is finished and paid" order_paid

# A photo as the service would write it: kept on remove, gone on purge.
setpriv --reuid=_reserva --regid=_reserva --init-groups -- bash -c 'umask 0027; echo photo > /var/lib/reserva/media/tee.jpg'
ok "an uploaded photo is readable by the web server's group" equals "$(mode_of /var/lib/reserva/media/tee.jpg)" "640 _reserva:www-data"

# --- upgrade -------------------------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' reserva | grep -q 'install ok installed'; }
upgraded() { echo "$upgrade_log" | tail -20; [ "$upgrade_status" -eq 0 ] && installed; }
migrated() {
  grep -q 'applied 900_package_test.sql' <<<"$upgrade_log" &&
    equals "$(sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'reserva'
                   AND TABLE_NAME = 'package_test_upgrade'")" 1
}
config_kept() { grep -qx "password = $password" "$conf" && conffile_mode; }
still_serving() {
  curl -sf -o /dev/null https://shop.example.com/store/ && curl -sf -o /dev/null "https://shop.example.com/product/$product/" &&
    order_paid
}
stop_app   # what preinst's "deb-systemd-invoke stop reserva.service reserva.socket" does under systemd
upgrade_log=$(dpkg -i --force-confold "$new_deb" 2>&1)
upgrade_status=$?
ok "the upgrade to the higher version installs" upgraded
ok "its postinst applied the new migration" migrated
ok "the configuration was kept (setup-db's password too)" config_kept
ok "the data was kept" equals "$(reservactl stock get --product "$product" --color "$color" --size M)" 2
start_app
ok "the upgraded store answers, the order still there" still_serving

# A migration that cannot run fails the upgrade, with a message that says what to do.
failed_upgrade() {
  echo "$failed_log" | tail -8
  [ "$failed_status" -ne 0 ] && grep -q "reserva: 'reservactl migrate' failed" <<<"$failed_log" &&
    grep -q 'dpkg --configure reserva' <<<"$failed_log"
}
configure_again() { dpkg --configure reserva && installed; }
stop_app
mariadb-admin shutdown
failed_log=$(dpkg -i --force-confold "$new_deb" 2>&1)
failed_status=$?
ok "with MariaDB down the upgrade fails and says why" failed_upgrade
start_db >/dev/null
ok "once MariaDB is back, dpkg --configure finishes it" configure_again

# --- remove and purge ----------------------------------------------------------------------------
removed() { dpkg -r reserva >/dev/null && [ ! -e /usr/bin/reserva-fcgi ] && [ -f "$conf" ] && [ -f /var/lib/reserva/media/tee.jpg ]; }
purged() {
  dpkg --purge reserva >/dev/null && [ ! -e /etc/reserva ] && [ ! -e /var/lib/reserva ] &&
    ! dpkg-statoverride --list | grep reserva
}
data_kept() {
  equals "$(sql "SELECT COUNT(*) FROM reserva.shop_order WHERE id = '${order:-0}'")" 1 &&
    equals "$(sql "SELECT COUNT(*) FROM mysql.user WHERE User = 'reserva'")" 1 && id _reserva
}
nginx -s quit
ok "remove keeps the configuration and the photos" removed
ok "purge removes the configuration, the statoverrides and the media" purged
ok "purge leaves the database, its MariaDB user and the system user" data_kept

kill "$sandbox" 2>/dev/null
mariadb-admin shutdown 2>/dev/null
echo "1..$number"
[ "$failures" -eq 0 ]
