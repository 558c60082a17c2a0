# Sourced by scripts/run and scripts/test: find Python 3.12+, create or reuse
# .venv, install the pinned dependencies only when they changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m%s\033[0m\n' "$*"; }
die() { printf '\033[31m%s\033[0m\n' "$*" >&2; exit 1; }

find_python() {
  for candidate in "${PYTHON:-}" python3 python3.14 python3.13 python3.12 python; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

ensure_venv() {
  local extras="$1"   # "" or "[test]"
  if [ ! -x .venv/bin/python ]; then
    local py
    py="$(find_python)" || die "Python 3.12 or newer is needed (set PYTHON=/path/to/python3.12)."
    say "Creating .venv with $("$py" --version)"
    "$py" -m venv .venv
  fi
  local stamp=".venv/.installed${extras}"
  local want
  want="$(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Installing dependencies${extras:+ (with tests)}"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
      -c requirements/constraints.txt -e ".${extras}"
    echo "$want" > "$stamp"
  fi
  export PATH="$ROOT/.venv/bin:$PATH"
  # XDG_RUNTIME_DIR is unset in plain shells and CI; the embedded server's lock lives there.
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$ROOT/.data/run}"
  mkdir -p "$XDG_RUNTIME_DIR" 2>/dev/null || true
  chmod 700 "$XDG_RUNTIME_DIR" 2>/dev/null || true
}
