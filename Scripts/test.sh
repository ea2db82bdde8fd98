#!/usr/bin/env bash
# Every test: the Swift suites (`swift test`), then the Python package's (Scripts/test_python.sh:
# pytest on python/ against the release library). Tests that need ../shared/data, or
# $ECGLENS_DATA, skip with a message when it is absent.
#
#   bash Scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
swift test
bash Scripts/test_python.sh
