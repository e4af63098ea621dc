# Shared by scripts/run and scripts/test: installs what is missing, from the package registries
# only (crates.io, npm, PyPI, Debian), and builds. Idempotent: a second run installs nothing.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*"; }

# Debian packages (installed only when missing).
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# nginx for scripts/cluster. Debian starts a freshly installed daemon on port 80; the cluster
# runs only its own nginx (own config, own port), so the package is installed with service
# start-up denied by a policy-rc.d (Docker images already have one; it is kept as it was).
ensure_nginx() {
  dpkg-query -W -f='${Status}' nginx 2>/dev/null | grep -q "install ok installed" && return 0
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  local policy=/usr/sbin/policy-rc.d created=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    created=1
  fi
  ensure_apt nginx
  if [ -n "$created" ]; then $sudo rm -f "$policy"; fi
}

# The wasm-bindgen version Cargo.lock pins (the CLI must be the very same).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
    step "installing trunk $TRUNK_VERSION (about 6 minutes, once)"
    # trunk 0.22 needs a newer rustc than this machine has; --locked keeps its tested deps.
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
  local wb; wb="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb"; then
    step "installing wasm-bindgen-cli $wb (about 3 minutes, once)"
    # Without --locked: one of its locked dependency versions is not on the registry mirror.
    cargo install wasm-bindgen-cli --version "$wb"
  fi
}

# npm tools (wasm-opt from binaryen, playwright-core) into tools/node_modules.
ensure_node_tools() {
  if [ ! -f "$ROOT/tools/node_modules/.package-lock.json" ] \
     || [ "$ROOT/tools/package-lock.json" -nt "$ROOT/tools/node_modules/.package-lock.json" ]; then
    step "installing npm tools (binaryen, playwright-core)"
    (cd "$ROOT/tools" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Python tools (schemathesis) into tools/venv.
ensure_python_tools() {
  local stamp="$ROOT/tools/venv/.requirements"
  if [ ! -x "$ROOT/tools/venv/bin/schemathesis" ] || ! cmp -s "$ROOT/tools/requirements.txt" "$stamp"; then
    step "installing Python tools (schemathesis)"
    python3 -m venv "$ROOT/tools/venv"
    "$ROOT/tools/venv/bin/pip" install -q --disable-pip-version-check -r "$ROOT/tools/requirements.txt"
    cp "$ROOT/tools/requirements.txt" "$stamp"
  fi
}

# Everything the build needs (the run command).
ensure_build_tools() {
  ensure_apt libpq-dev pkg-config brotli zopfli
  ensure_rust_tools
  ensure_node_tools
}

build_spa() {
  step "building the SPA (trunk, release, wasm-opt -Oz), then .br and .gz beside each hashed asset"
  (cd "$ROOT" && trunk build --release --skip-version-check)
  # The staff area: the same crate with feature `staff`, its own bundle under /operator/ (built
  # after the resident one, whose build empties web/dist).
  (cd "$ROOT" && trunk build --release --skip-version-check web/operator.html \
     --dist web/dist/operator --public-url /operator/)
  # «Данные счётчиков»: feature `meters`, its own bundle under /meters/, given to
  # /accounts/{number}/meters, so the resident bundle at / stays within its budget.
  (cd "$ROOT" && trunk build --release --skip-version-check web/meters.html \
     --dist web/dist/meters --public-url /meters/)
  compress_spa
}

# The server answers hashed assets with these precompressed twins (brotli -q 11, and gzip made
# by zopfli: the same format, 4% smaller than gzip -9), chosen by Accept-Encoding; built once
# here, never per request.
compress_spa() {
  local f
  for f in "$ROOT"/web/dist/*.wasm "$ROOT"/web/dist/*.js "$ROOT"/web/dist/*.css \
           "$ROOT"/web/dist/operator/*.wasm "$ROOT"/web/dist/operator/*.js "$ROOT"/web/dist/operator/*.css \
           "$ROOT"/web/dist/meters/*.wasm "$ROOT"/web/dist/meters/*.js "$ROOT"/web/dist/meters/*.css; do
    [ -f "$f" ] || continue
    brotli -f -q 11 -o "$f.br" "$f"
    zopfli -c "$f" >"$f.gz"
  done
}

build_server() {
  step "building the server (cargo build --release)"
  (cd "$ROOT" && cargo build --release --locked)
}

# Prints the sizes of the staff and meters bundles (for the record; the resident bundle at / has
# the budget: it is what every visitor downloads first).
report_staff_size() {
  local f dir label
  for dir in operator meters; do
    label=$([ "$dir" = operator ] && echo staff || echo meters)
    for f in "$ROOT"/web/dist/$dir/*.wasm "$ROOT"/web/dist/$dir/*.js; do
      [ -f "$f" ] || continue
      printf '  %s: %-36s %8d raw %8d gzip %8d brotli\n' "$label" "$(basename "$f")" \
        "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
    done
  done
}

# Prints the resident bundle's size budget lines: wasm + js, raw, gzip and brotli (as served).
report_spa_size() {
  local dist="$ROOT/web/dist" raw=0 gz=0 br=0 f s g b
  for f in "$dist"/*.wasm "$dist"/*.js; do
    [ -f "$f" ] || continue
    s=$(stat -c %s "$f"); g=$(stat -c %s "$f.gz"); b=$(stat -c %s "$f.br")
    printf '  %-44s %8d raw %8d gzip %8d brotli\n' "$(basename "$f")" "$s" "$g" "$b"
    raw=$((raw + s)); gz=$((gz + g)); br=$((br + b))
  done
  printf '  %-44s %8d raw %8d gzip %8d brotli (budgets: 204800 brotli, 256000 gzip)\n' "total" "$raw" "$gz" "$br"
  SPA_GZIP_TOTAL=$gz
  SPA_BROTLI_TOTAL=$br
}

# PostgreSQL must be up for the suite; start the machine's cluster if it is down.
ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    step "PostgreSQL is down; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432
}
