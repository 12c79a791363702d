# One run of the test suite of a built tree against a stack of its own; adds to the counters
# passed, failed and skipped of the caller.
# shellcheck shell=bash

# copy_tree FROM TO: the files git knows of (tracked, and new ones not ignored), as they are now.
copy_tree() {
  local from=$1 to=$2
  mkdir -p "$to"
  (cd "$from" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$to"
  [ -d "$from/tests/e2e/node_modules" ] && ln -sfn "$from/tests/e2e/node_modules" "$to/tests/e2e/node_modules"
  return 0
}

# run_suite TREE LABEL HTTP_PORT DB_PORT FCGI_PORT
run_suite() {
  local tree=$1 label=$2 stack_dir status=0
  stack_dir=$(mktemp -d "${TMPDIR:-/tmp}/reserva-check.XXXXXX")
  echo "=== test suite: $label ($tree)"
  # shellcheck disable=SC2064
  trap "'$tree/scripts/stack' down '$stack_dir' >/dev/null 2>&1 || true" EXIT
  if ! "$tree/scripts/stack" up "$stack_dir" "$3" "$4" "$5" >"$stack_dir/up.log" 2>&1; then
    cat "$stack_dir/up.log" "$stack_dir"/db/mysqld.log "$stack_dir/fcgi.log" 2>/dev/null | tail -40
    failed=$((failed + 1))
    "$tree/scripts/stack" down "$stack_dir" >/dev/null 2>&1 || true
    return 0
  fi
  # Serial on purpose: some integration tests stop and start parts of the shared stack.
  (cd "$tree" && RESERVA_STACK_DIR="$stack_dir" make -s -j1 check) || status=$?
  for log in "$tree"/tests/*/*.log; do
    case $log in */unit_tests.log) continue ;; esac
    grep -q '^not ok\|^ERROR' "$log" 2>/dev/null && { echo "=== $log"; cat "$log"; }
  done
  if grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' "$stack_dir/fcgi.log"; then
    echo "=== sanitizer findings in reserva-fcgi's log"
    grep -B2 -A30 -E 'AddressSanitizer|runtime error:' "$stack_dir/fcgi.log" | head -80
    failed=$((failed + 1))
  fi
  if [ $status -ne 0 ]; then
    echo "=== reserva-fcgi's log: everything but plain request lines"
    grep -vE '^[A-Z]+ [^ ]* [0-9]+ [0-9]+us$' "$stack_dir/fcgi.log" | tail -80
    echo "=== requests answered 5xx"
    grep -E ' 5[0-9][0-9] [0-9]+us$' "$stack_dir/fcgi.log" | tail -20
  fi
  local summary="$tree/test-suite.log" p f e x s
  p=$(sed -n 's/^# PASS: *//p' "$summary"); f=$(sed -n 's/^# FAIL: *//p' "$summary")
  e=$(sed -n 's/^# ERROR: *//p' "$summary"); x=$(sed -n 's/^# XPASS: *//p' "$summary")
  s=$(sed -n 's/^# SKIP: *//p' "$summary")
  local suite_failed=$(( ${f:-0} + ${e:-0} + ${x:-0} ))
  [ $status -ne 0 ] && [ "$suite_failed" -eq 0 ] && suite_failed=1   # make itself failed: count it
  passed=$((passed + ${p:-0})); failed=$((failed + suite_failed)); skipped=$((skipped + ${s:-0}))
  echo "=== $label: ${p:-0} passed, $suite_failed failed"
  "$tree/scripts/stack" down "$stack_dir" >/dev/null 2>&1 || true
  trap - EXIT
  if [ "${KEEP_STACK:-}" = 1 ]; then echo "stack kept in $stack_dir"; else rm -rf "$stack_dir"; fi
}

# run_tap LABEL PROGRAM...: a TAP program run once (not under make check); its ok / not ok lines
# add to the counters, and a run that stops short of its plan counts as a failure.
run_tap() {
  local label=$1 log planned ok not_ok
  shift
  log="${top:?}/var/$label.log"
  mkdir -p "$top/var"
  echo "=== $label: $*"
  "$@" > "$log" 2>&1 || true
  cat "$log"
  planned=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$log" | head -1)
  ok=$(grep -c '^ok ' "$log" || true)
  not_ok=$(grep -c '^not ok ' "$log" || true)
  passed=$((passed + ok)); failed=$((failed + not_ok))
  if [ -z "$planned" ] || [ $((ok + not_ok)) -lt "$planned" ]; then failed=$((failed + 1)); fi
  echo "=== $label: $ok passed, $not_ok failed"
}
