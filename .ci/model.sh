#!/usr/bin/env bash
# CI: the model pipeline end to end on the CPU (model/smoke.sh), with Debian's PyTorch.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/apt.sh
apt_need python3-torch python3-numpy python3-regex
PYTHON=/usr/bin/python3 bash model/smoke.sh
