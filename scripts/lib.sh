#!/usr/bin/env bash
# Shared helpers for the repo's scripts: a Node 24 toolchain and a pinned n8n, both cached
# outside the clone (keyed by version) so CI and the demo install them once per machine.


PLUM_CACHE="${PLUM_CACHE:-$HOME/.cache/n8n-nodes-xoxoday-plum}"
NODE_MAJOR=24
N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE24_DIR="$PLUM_CACHE/node-$NODE_MAJOR"
N8N_DIR="$PLUM_CACHE/n8n-$N8N_VERSION"

log() { printf '[plum] %s\n' "$*" >&2; }

# Puts a Node 24 first on PATH. Uses the machine's node if it already is 24+, else the
# registry package `node@24` (a real Node binary shipped inside an npm package).
ensure_node24() {
  local current
  current=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$current" -ge "$NODE_MAJOR" ]; then return 0; fi
  if [ ! -x "$NODE24_DIR/node_modules/node/bin/node" ] || ! "$NODE24_DIR/node_modules/node/bin/node" --version >/dev/null 2>&1; then
    command -v npm >/dev/null || { echo "npm is needed to fetch Node $NODE_MAJOR (or install Node $NODE_MAJOR+ yourself)" >&2; exit 1; }
    log "installing Node $NODE_MAJOR into $NODE24_DIR (once per machine)"
    mkdir -p "$NODE24_DIR"
    (cd "$NODE24_DIR" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
      && npm install --no-audit --no-fund --ignore-scripts "node@$NODE_MAJOR" >/dev/null \
      && cd node_modules/node && node installArchSpecificPackage >/dev/null)
  fi
  export PATH="$NODE24_DIR/node_modules/node/bin:$PATH"
  node -e "process.exit(+process.versions.node.split('.')[0] >= $NODE_MAJOR ? 0 : 1)" \
    || { echo "Node $NODE_MAJOR+ is needed; got $(node --version)" >&2; exit 1; }
}

# Installs the pinned n8n into the cache (see docs/n8n-notes.md for why each step).
ensure_n8n() {
  ensure_node24
  if [ -f "$N8N_DIR/.complete" ]; then return 0; fi
  log "installing n8n@$N8N_VERSION into $N8N_DIR (once per machine, about 5 minutes)"
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  # Registry gaps, per major (docs/n8n-notes.md): 2.x needs linkedom 0.18.14 (0.18.15 asks for a
  # missing package), 1.x needs xlsx from the registry (it names a URL outside it).
  local overrides='"linkedom": "0.18.14"'
  case "$N8N_VERSION" in 1.*) overrides='"xlsx": "0.18.5"' ;; esac
  cat > "$N8N_DIR/package.json" <<JSON
{ "private": true, "overrides": { $overrides } }
JSON
  (cd "$N8N_DIR" && npm install --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >install.log 2>&1) \
    || { tail -30 "$N8N_DIR/install.log" >&2; exit 1; }
  log "building sqlite3 for Node $NODE_MAJOR"
  (cd "$N8N_DIR/node_modules/sqlite3" && npm run install >>"$N8N_DIR/install.log" 2>&1) \
    || { tail -30 "$N8N_DIR/install.log" >&2; exit 1; }
  touch "$N8N_DIR/.complete"
}

n8n_bin() { echo "$N8N_DIR/node_modules/.bin/n8n"; }
