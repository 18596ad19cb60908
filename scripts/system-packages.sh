#!/usr/bin/env bash
# Debian packages the tests drive for real, installed when missing: Chromium (the
# Node-RED editor test, driven by playwright-core) and Redis (the distributed
# workers). Needs root or sudo; prints what it does on stderr.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing ${need[*]} with apt-get" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
