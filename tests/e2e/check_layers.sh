#!/usr/bin/env bash
# scripts/check-layers.sh holds on src/, and fails, naming file, line and
# include, on a copy of src/ with one include planted that reaches up (a
# store file including the engine), one that lacks its layer folder, a
# header that does not exist and a file outside any layer; a downward and
# a same-layer include pass, and main.c may include any layer.
source "$(dirname "$0")/../lib.sh"
CHECK="$ROOT/scripts/check-layers.sh"

expect_status 0 "$CHECK" "$ROOT/src"
assert_contains "$T/out" "check-layers: ok"

# copy: a fresh copy of src/ in $T/src.
copy() { rm -rf "$T/src" && cp -r "$ROOT/src" "$T/src"; }
# plant FILE LINE: insert LINE after the first line of $T/src/FILE.
plant() { sed -i "1a $2" "$T/src/$1"; }

copy
plant store/csvin.c '#include "base/table.h"'
plant store/csvin.c '#include "store/store.h"'
plant main.c '#include "render/xlsx.h"'
expect_status 0 "$CHECK" "$T/src"

copy
plant store/csvin.c '#include "engine/engine.h"'
expect_status 1 "$CHECK" "$T/src"
assert_contains "$T/out" "$T/src/store/csvin.c:2: #include \"engine/engine.h\": store may include only its own layer and those below"
assert_contains "$T/out" "check-layers: 1 include(s) or use(s) break the layer rule"

copy
plant base/parse.h '#include "cli/cli.h"'
expect_status 1 "$CHECK" "$T/src"
assert_contains "$T/out" "$T/src/base/parse.h:2: #include \"cli/cli.h\": base may include"

copy
plant engine/score.c '#include "region.h"'
expect_status 1 "$CHECK" "$T/src"
assert_contains "$T/out" "$T/src/engine/score.c:2: #include \"region.h\": a project include names its layer folder"

copy
plant report/report.c '#include "base/nosuch.h"'
expect_status 1 "$CHECK" "$T/src"
assert_contains "$T/out" "report/report.c:2: #include \"base/nosuch.h\": no such header"

copy
echo 'int x;' >"$T/src/stray.c"
expect_status 1 "$CHECK" "$T/src"
assert_contains "$T/out" "$T/src/stray.c:1: (file): only main.c lives in src/ itself"

copy
plant store/sqlite.c '#include <sqlite3.h>'
plant store/sqlite_fn.c 'static sqlite3 *spare;'
expect_status 0 "$CHECK" "$T/src"

copy
plant engine/engine.c '#include <sqlite3.h>'
expect_status 1 "$CHECK" "$T/src"
assert_contains "$T/out" "$T/src/engine/engine.c:2: #include <sqlite3.h>: only the SQLite backend (store/sqlite*) includes sqlite3.h"

copy
plant store/import.c 'static sqlite3_stmt *leak;'
plant report/report.h 'void f(sqlite3 *db);'
expect_status 1 "$CHECK" "$T/src"
assert_contains "$T/out" "$T/src/store/import.c:2: static sqlite3_stmt *leak;: only the SQLite backend (store/sqlite*) uses SQLite's API"
assert_contains "$T/out" "$T/src/report/report.h:2: void f(sqlite3 *db);: only the SQLite backend"
assert_contains "$T/out" "check-layers: 2 include(s) or use(s) break the layer rule"

expect_status 2 "$CHECK" "$T/nosuch"
echo "ok"
