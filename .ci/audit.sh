#!/usr/bin/env bash
# Dependency audit with pip-audit (not wired into .ci/run: the lead decides).
#
# Installs the project with its test extra into a fresh venv, freezes what got installed (the
# project's own requirements, resolved), and audits that list against PyPI's vulnerability data.
# --strict: a package that could not be audited fails the run. Without it, a registry that does
# not serve PyPI's per-version JSON (/pypi/NAME/VERSION/json) makes pip-audit skip every package
# and still print "No known vulnerabilities found" with exit 0: a false all-clear.
#
# Usage: bash .ci/audit.sh [EXTRA_PIP_AUDIT_ARGS...]   e.g. --format json -o audit.json
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/project"
"$work/project/bin/pip" install -q ".[test]"
"$work/project/bin/pip" freeze --exclude-editable | grep -v -i '^clausecheck[ =@]' > "$work/requirements.txt"
echo "audit: $(wc -l < "$work/requirements.txt") packages installed by .[test]"

python3 -m venv "$work/tool"
"$work/tool/bin/pip" install -q pip-audit
"$work/tool/bin/pip-audit" --strict --progress-spinner off --no-deps --disable-pip \
  -r "$work/requirements.txt" "$@"
