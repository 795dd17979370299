#!/usr/bin/env bash
# Two one-line fixes to FerretDB 1.24.2's SQLite backend, applied to a vendored copy at build
# time (docs/adr/0004-ferretdb-id-lookups.md). Without them every `_id` lookup scans the
# whole table: the pushed-down query spells the `_id` expression differently from the unique
# index on it, and a filter with any condition beside `_id` is not pushed down at all.
set -euo pipefail
vendored=${1:?vendor directory}/github.com/FerretDB/FerretDB/internal/backends/sqlite
metadata=$vendored/metadata/metadata.go
collection=$vendored/collection.go

# 1. Query by the very expression the `_id_` unique index is built on, so SQLite uses it.
sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \`->\"_id\"\`|" "$metadata"
grep -q 'IDColumn = DefaultColumn + `->"_id"`' "$metadata"

# 2. Push `_id` equality down whatever else the filter holds: the handler filters every
#    fetched document again with the whole filter, so narrowing by a required conjunct is safe.
sed -i 's|\tif params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get("_id")|&|' "$collection"
perl -0pi -e 's/if params\.Filter\.Len\(\) == 1 \{\n(\t\tv, _ := params\.Filter\.Get\("_id"\))/if params.Filter.Len() >= 1 {\n$1/g' "$collection"
test "$(grep -c 'if params.Filter.Len() >= 1 {' "$collection")" -ge 1
