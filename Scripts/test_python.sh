#!/usr/bin/env bash
# The Python package's tests: builds the Swift library and the command (the parity reference),
# installs python/ into a virtual environment as a user would (pip install ./python[test]) and
# runs pytest on python/tests. Extra arguments go to pytest (e.g. -k parity, -x).
#
#   bash Scripts/test_python.sh
#
# Environment: ECGLENS_VENV (default .build/python-venv; created when absent, reused after),
# ECGLENS_DATA (the shared data; tests that need it skip with a message when it is absent),
# PYTHON (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product ecglens
swift build -c release --product ECGLensC
venv="${ECGLENS_VENV:-.build/python-venv}"
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade "./python[test]"
# From the repository root, so `import ecglens` is the installed package, not the source folder.
"$venv/bin/python" -m pytest python/tests -q "$@"
