#!/usr/bin/env bash
# check-layers: the include rule of src/README.md.  The source tree holds
# main.c and one folder per layer, bottom to top:
#
#     base < store < engine < report < render < sample < cli
#
# A file includes only headers of its own layer and of those below, each
# named with its layer folder (#include "base/error.h"); main.c may include
# any layer.  And the store's rule: only the SQLite backend
# (store/sqlite*.c and its private header store/sqlite*.h) includes
# sqlite3.h or names a sqlite3 type or call; everything else uses
# store/store.h.  Prints one line per include or use that breaks a rule,
# as FILE:LINE: TEXT: reason, and exits 1 if there is any (2 on a usage
# error).  `make check-layers` runs it on src/; `make test` first.
# Usage: scripts/check-layers.sh [SRC_DIR]
set -u
src=${1:-src}
[ -d "$src" ] || { echo "check-layers: no directory $src" >&2; exit 2; }
layers=(base store engine report render sample cli)
chain=$(printf ' < %s' "${layers[@]}"); chain=${chain# < }

# rank LAYER: prints the layer's position, or nothing if it is none.
rank() {
    local i
    for i in "${!layers[@]}"; do
        [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }
    done
}

bad=0
# fail FILE LINE TEXT REASON
fail() {
    printf '%s:%s: %s: %s\n' "$1" "$2" "$3" "$4"
    bad=$((bad + 1))
}

while IFS= read -r -d '' file; do
    rel=${file#"$src"/}
    case $rel in
        main.c) own=main ;;
        */*/*) fail "$file" 1 "(file)" "layers hold no subfolders"; continue ;;
        */*) own=${rel%%/*} ;;
        *) fail "$file" 1 "(file)" "only main.c lives in src/ itself; put the file in a layer folder"; continue ;;
    esac
    if [ "$own" != main ] && [ -z "$(rank "$own")" ]; then
        fail "$file" 1 "(file)" "'$own' is not a layer ($chain)"
        continue
    fi
    while IFS=: read -r line text; do
        inc=${text#*\"}
        inc=${inc%%\"*}
        case $inc in
            */*) to=${inc%%/*} ;;
            *) fail "$file" "$line" "$text" "a project include names its layer folder (e.g. \"base/$inc\")"; continue ;;
        esac
        if [ -z "$(rank "$to")" ]; then
            fail "$file" "$line" "$text" "'$to' is not a layer ($chain)"
        elif [ ! -f "$src/$inc" ]; then
            fail "$file" "$line" "$text" "no such header in $src/"
        elif [ "$own" != main ] && [ "$(rank "$to")" -gt "$(rank "$own")" ]; then
            fail "$file" "$line" "$text" "$own may include only its own layer and those below ($chain); $to is above"
        fi
    done < <(grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file")
    case $rel in
        store/sqlite*) ;;
        *)
            while IFS=: read -r line text; do
                case $text in
                    *'#'*include*) why="only the SQLite backend (store/sqlite*) includes sqlite3.h; use store/store.h" ;;
                    *) why="only the SQLite backend (store/sqlite*) uses SQLite's API; use store/store.h" ;;
                esac
                fail "$file" "$line" "$(echo "$text" | sed 's/^[[:space:]]*//')" "$why"
            done < <(grep -n -E '\bsqlite3(_[A-Za-z0-9_]+)?\b|<sqlite3\.h>' "$file")
            ;;
    esac
done < <(find "$src" -type f \( -name '*.c' -o -name '*.h' \) -print0 | sort -z)

if [ "$bad" -gt 0 ]; then
    echo "check-layers: $bad include(s) or use(s) break the layer rule (src/README.md)"
    exit 1
fi
echo "check-layers: ok"
