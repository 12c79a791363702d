# The parts scripts/stack (one app host) and scripts/cluster (three app hosts on Galera) share:
# waiting, stopping by pid file, the payment sandbox, the SMTP sink and the private nginx.
# The caller sets $top (the source tree) and $dir (its private folder); the sandbox, the sink
# and nginx keep their logs and pid files in $dir as scripts/stack always did.
# shellcheck shell=bash disable=SC2154

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq $((seconds * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "$(basename "$0"): $what did not come up within ${seconds}s" >&2
  return 1
}

# alive PID: the process runs (a zombie does not count). Processes started by a script that has
# exited are reparented to init; this machine's init (process_api) reaps such zombies only every
# second or two, so `kill -0` keeps answering yes for up to 2 s after the process died.
alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

# stop_pid PIDFILE SIGNAL: signal the process and wait until it is gone (not until init has
# reaped it).
stop_pid() {
  local file=$1 signal=${2:-TERM}
  [ -f "$file" ] || return 0
  local pid
  pid=$(cat "$file")
  if alive "$pid"; then
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 600); do alive "$pid" || break; sleep 0.05; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$file"
}

# The Mercado Pago stand-in on PORT (HTTP_PORT + 1, the config's api_base); its checkout page is
# where a shopper (or a test) approves, leaves pending or rejects a payment.
start_sandbox() {  # start_sandbox PORT
  local port=$1
  python3 "$top/tests/sandbox/mercadopago_sandbox.py" --port "$port" --access-token TEST-reserva-sandbox \
    --webhook-secret sandbox-webhook-secret-for-tests-only >>"$dir/sandbox.log" 2>&1 &
  echo $! > "$dir/sandbox.pid"
  wait_for 20 "payment sandbox" curl -sf -o /dev/null "http://127.0.0.1:$port/__sandbox/state"
}

sandbox_stop() { stop_pid "$dir/sandbox.pid" TERM; }

# The SMTP sink on SMTP_PORT (HTTP_PORT + 2, the config's smtp_url); it shows what arrived on
# WEB_PORT (HTTP_PORT + 3).
start_smtp() {  # start_smtp SMTP_PORT WEB_PORT
  python3 "$top/tests/smtp_sink/smtp_sink.py" --smtp-port "$1" --http-port "$2" \
    >>"$dir/smtp.log" 2>&1 &
  echo $! > "$dir/smtp.pid"
  wait_for 20 "SMTP sink" curl -sf -o /dev/null "http://127.0.0.1:$2/messages"
}

smtp_stop() { stop_pid "$dir/smtp.pid" TERM; }

# nginx_site HTTP_PORT: the shipped site (nginx/reserva.conf.in) on stdout, as plain HTTP on
# 127.0.0.1:HTTP_PORT with static files from the tree and media from $dir/media: without its
# port-80 redirect server and its lines marked "# tls", listening on the port instead of 443.
# Its upstream is left for the caller.
nginx_site() {
  sed -e '/^# BEGIN port 80$/,/^# END port 80$/d' -e '/# tls$/d' \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$1;|" \
      -e "s|@pkgdatadir@/static/|$top/static/|" \
      -e "s|/var/lib/reserva/media/|$dir/media/|" "$top/nginx/reserva.conf.in"
}

# start_nginx HTTP_PORT: a private nginx on $dir/nginx/site.conf (written by the caller).
start_nginx() {
  mkdir -p "$dir/nginx"
  sed -e "s|@DIR@|$dir/nginx|g" -e "s|@SITE@|$dir/nginx/site.conf|g" \
    "$top/nginx/test-main.conf.in" > "$dir/nginx/nginx.conf"
  # shellcheck disable=SC2094  # -e and 2>> append to the same log; nothing reads it here
  nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" 2>>"$dir/nginx/error.log"
  wait_for 20 nginx curl -sf -o /dev/null "http://127.0.0.1:$1/static/css/store.css"
}

nginx_stop() { stop_pid "$dir/nginx/nginx.pid" QUIT; }
