# Configures (once) and builds the tree in place. BUILD_FLAGS adds ./configure options.
# shellcheck shell=bash
build_tree() {
  local top=$1
  (
    cd "$top" || exit 1
    [ -x configure ] || autoreconf -fi >/dev/null
    local wanted="--enable-werror ${BUILD_FLAGS:-}"
    if [ ! -f config.status ] || [ "$(cat .configured-with 2>/dev/null)" != "$wanted" ]; then
      # shellcheck disable=SC2086
      ./configure -q $wanted && echo "$wanted" > .configured-with
    fi
    make -s -j"$(nproc)" all
  )
}
