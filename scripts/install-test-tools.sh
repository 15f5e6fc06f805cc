#!/usr/bin/env bash
# Installs what the tests need from Debian when it is missing: Chromium for the end-to-end tests (never a browser
# downloaded by Playwright) and dcmtk, whose img2dcm, dcmdjpeg, dump2dcm and dcmcrle make the DICOM test files from
# the Kermany films at test time (tests/unit/dicom-fixtures.ts).
set -euo pipefail
PACKAGES=()
if [ ! -x /usr/bin/chromium ]; then PACKAGES+=(chromium); fi
if ! command -v img2dcm >/dev/null || ! command -v dump2dcm >/dev/null; then PACKAGES+=(dcmtk); fi
if [ ${#PACKAGES[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
/usr/bin/chromium --version
command -v img2dcm dcmdjpeg dump2dcm dcmcrle
