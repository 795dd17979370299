#!/usr/bin/env bash
# Installs everything the local platform needs, once, into caches that later runs reuse:
#   .venv/                      Python packages of every service (re-synced when a pyproject changes)
#   $PIX_CACHE/kafka-<v>/libs   Apache Kafka jars resolved from Maven Central
#   $PIX_CACHE/ferretdb-<v>/    FerretDB built from the Go module proxy
#   $PIX_CACHE/kustomize-<v>/   kustomize built from the Go module proxy (the deploy tier renders with it)
#   $PIX_CACHE/node/            axe-core from the npm registry (the accessibility check, tests/browser)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${PIX_CACHE:-$HOME/.cache/pix}
kafka_version=4.1.1
ferretdb_version=1.24.2
kustomize_version=5.7.1  # the last release that builds with Go 1.26 (5.8 needs Go 1.27)
axe_version=4.14.1
mkdir -p "$cache"

say() { printf '[setup] %s\n' "$*"; }

# Python: one venv for the whole local platform; each package is still installable on its own.
venv="$root/.venv"
stamp="$venv/.pix-stamp"
manifests=$(ls "$root/requirements-dev.txt" "$root"/libs/*/pyproject.toml "$root"/contracts/pyproject.toml \
        "$root"/services/*/pyproject.toml "$root"/gateway/pyproject.toml "$root"/deploy/local/pyproject.toml \
        "$root"/deploy/k8s/requirements-test.txt 2>/dev/null || true)
want=$(cat $manifests | sha256sum | cut -c1-16)
if [ ! -x "$venv/bin/python" ]; then
  say "creating the Python environment"
  python3.11 -m venv "$venv" 2>/dev/null || python3 -m venv "$venv"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing Python packages"
  "$venv/bin/pip" install -q --upgrade pip setuptools wheel
  "$venv/bin/pip" install -q -r "$root/requirements-dev.txt"
  [ -f "$root/deploy/k8s/requirements-test.txt" ] && "$venv/bin/pip" install -q -r "$root/deploy/k8s/requirements-test.txt"
  editable=()
  for d in libs/pixkit contracts deploy/local services/identity services/assessment services/profile \
           services/sharing services/certification gateway; do
    [ -f "$root/$d/pyproject.toml" ] && editable+=(-e "$root/$d")
  done
  "$venv/bin/pip" install -q --no-build-isolation "${editable[@]}"
  echo "$want" > "$stamp"
fi

# Kafka: the broker's jars and their runtime dependencies, plus the log4j binding the
# release tarball ships but the pom does not declare (see deploy/local/kafka/pom.xml).
kafka_libs="$cache/kafka-$kafka_version/libs"
if [ ! -f "$kafka_libs/kafka_2.13-$kafka_version.jar" ]; then
  say "resolving Apache Kafka $kafka_version from Maven Central"
  rm -rf "$kafka_libs.tmp"
  mvn -q -B -f "$root/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$kafka_libs.tmp"
  rm -rf "$kafka_libs" && mv "$kafka_libs.tmp" "$kafka_libs"
fi

# FerretDB: our wrapper main around the embeddable package, built from a vendored copy with
# the two fixes of deploy/local/ferretdb/patch.sh (docs/adr/0004-ferretdb-id-lookups.md).
ferretdb_bin="$cache/ferretdb-$ferretdb_version/ferretdb"
src_hash=$(cat "$root"/deploy/local/ferretdb/{main.go,go.mod,go.sum,patch.sh} | sha256sum | cut -c1-16)
if [ "$(cat "$ferretdb_bin.src" 2>/dev/null)" != "$src_hash" ] || [ ! -x "$ferretdb_bin" ]; then
  say "building FerretDB $ferretdb_version (first time only, about 2 minutes)"
  build="$cache/ferretdb-$ferretdb_version/build"
  rm -rf "$build" && mkdir -p "$build"
  cp "$root"/deploy/local/ferretdb/{main.go,go.mod,go.sum} "$build/"
  (cd "$build" && go mod vendor && bash "$root/deploy/local/ferretdb/patch.sh" vendor \
     && go build -mod=vendor -o "$ferretdb_bin.tmp" .)
  mv "$ferretdb_bin.tmp" "$ferretdb_bin"
  rm -rf "$build"
  echo "$src_hash" > "$ferretdb_bin.src"
fi

# kustomize: the real renderer of deploy/k8s for the deploy tier (tests/deploy), never a copy of it.
kustomize_bin="$cache/kustomize-$kustomize_version/kustomize"
if [ ! -x "$kustomize_bin" ]; then
  say "building kustomize $kustomize_version (first time only, about 30 seconds)"
  GOBIN="$cache/kustomize-$kustomize_version" go install "sigs.k8s.io/kustomize/kustomize/v5@v$kustomize_version"
fi

# Chromium for the browser tier (tests/browser): Debian's package, driven by Playwright
# (never `playwright install`, which downloads browsers from elsewhere).
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# poppler-utils (pdftotext: the certificate PDF's tests read its text) and the DejaVu fonts the
# certificate embeds, so that a holder's name in any Latin letter (Ł, ø, ß…) prints.
command -v pdftotext >/dev/null && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] \
  || { apt-get update -qq && apt-get install -y -qq poppler-utils fonts-dejavu-core >/dev/null; }

# axe-core for the browser tier's accessibility check (tests/browser/test_accessibility.py),
# pinned, from the npm registry; the test injects node_modules/axe-core/axe.min.js into each page.
axe_dir="$cache/node/node_modules/axe-core"
if [ "$(cd "$axe_dir" 2>/dev/null && node -p 'require("./package.json").version' 2>/dev/null)" != "$axe_version" ] \
   || [ ! -f "$axe_dir/axe.min.js" ]; then
  say "installing axe-core $axe_version from the npm registry"
  command -v npm >/dev/null || { say "npm is missing: install Node.js (it brings npm) and run again" >&2; exit 1; }
  npm install --prefix "$cache/node" "axe-core@$axe_version" --save-exact --no-audit --no-fund --loglevel=error \
    || { say "npm could not install axe-core@$axe_version into $cache/node (is the npm registry reachable?)" >&2; exit 1; }
  [ -f "$axe_dir/axe.min.js" ] || { say "axe-core installed but $axe_dir/axe.min.js is missing" >&2; exit 1; }
fi
say "ready (cache: $cache)"
