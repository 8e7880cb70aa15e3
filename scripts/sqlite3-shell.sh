#!/usr/bin/env bash
# Builds target/bench/sqlite3 for the benchmarks: SQLite's own shell (shell.c, taken from
# the sqlite3-src crate on crates.io, pinned by checksum) compiled with the amalgamation
# the app bundles (libsqlite3-sys), so the shell and the app run the same engine.
# Idempotent: rebuilds only when the amalgamation changes.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${NPDESK_BENCH_DIR:-$root/target/bench}"
mkdir -p "$out"

crate="sqlite3-src-0.7.1"
sha256="2739bac4e1ca6527391698167b1392332d00123c9fc11eca16311291db6829f3"

amalgamation="$(cd "$root" && cargo metadata --format-version 1 --locked 2>/dev/null | python3 -c '
import json, os, sys
meta = json.load(sys.stdin)
for p in meta["packages"]:
    if p["name"] == "libsqlite3-sys":
        print(os.path.join(os.path.dirname(p["manifest_path"]), "sqlite3"))
        break
')"
if [ ! -f "$amalgamation/sqlite3.c" ]; then
  echo "sqlite3-shell: libsqlite3-sys sources not found (run cargo fetch)" >&2
  exit 1
fi
stamp="$out/sqlite3.stamp"
if [ -x "$out/sqlite3" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$amalgamation" ]; then
  exit 0
fi

if [ ! -f "$out/$crate.crate" ] || ! echo "$sha256  $out/$crate.crate" | sha256sum -c --quiet; then
  curl -fsSL --retry 3 -o "$out/$crate.crate" "https://static.crates.io/crates/sqlite3-src/$crate.crate"
  echo "$sha256  $out/$crate.crate" | sha256sum -c --quiet
fi
tar -xzf "$out/$crate.crate" -C "$out" "$crate/source/shell.c"

# The compile-time options libsqlite3-sys uses for its bundled build.
gcc -O2 -I"$amalgamation" \
  -DSQLITE_CORE -DSQLITE_DEFAULT_FOREIGN_KEYS=1 -DSQLITE_ENABLE_API_ARMOR \
  -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_FTS3 \
  -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_JSON1 \
  -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_STAT4 -DSQLITE_SOUNDEX -DSQLITE_THREADSAFE=1 \
  -DSQLITE_USE_URI -DHAVE_USLEEP=1 \
  "$out/$crate/source/shell.c" "$amalgamation/sqlite3.c" -lm -ldl -lpthread -o "$out/sqlite3"
echo "$amalgamation" > "$stamp"
echo "sqlite3-shell: built $out/sqlite3 ($("$out/sqlite3" --version | cut -d' ' -f1))"
