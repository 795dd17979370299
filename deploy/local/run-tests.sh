#!/usr/bin/env bash
# Runs every test tier in order and reports each; the real broker and store of the test
# stack start once (first tier that needs them) and stop at the end.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
py=.venv/bin/python
export PIX_KEEP_INFRA=1
failed=()
run_tier() {
  local tier=$1; shift
  echo "=== tier: $tier"
  "$py" -m pytest -m "$tier" -q -p no:cacheprovider "$@"
  local rc=$?
  case $rc in
    0) ;;
    5) echo "tier $tier: no tests collected" ;;  # pytest's "no tests" exit code
    *) failed+=("$tier") ;;
  esac
}
trap '.venv/bin/pixlocal infra-down --test >/dev/null 2>&1' EXIT
# Every run starts from an empty test stack (var/test), whatever an earlier run left.
.venv/bin/pixlocal infra-down --test >/dev/null 2>&1
rm -rf "$(.venv/bin/python -c "from pixlocal.config import test_stack; print(test_stack().var_dir)")"
echo "=== lint"
{ .venv/bin/ruff check . && .venv/bin/lint-imports --no-cache --no-logo; } || failed+=("lint")
for tier in unit contract deploy integration faults e2e fuzz browser; do
  run_tier "$tier"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED tiers: ${failed[*]}"
  exit 1
fi
echo "all tiers passed"
