#!/usr/bin/env bash
# Builds dist/xxgk.html: the page, its Web Worker and the WebAssembly engine in one file.
#
#   bash web/build.sh
#
# Needs: rustup target add wasm32-unknown-unknown
#        cargo install wasm-bindgen-cli --version 0.2.130   (the version of wasm-bindgen in web/Cargo.toml)
#        python3 (to assemble the page)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "缺少 WebAssembly 目标，请先运行：rustup target add wasm32-unknown-unknown" >&2
  exit 2
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "需要 wasm-bindgen ${want}（现在是 ${have:-未安装}），请运行：cargo install wasm-bindgen-cli --version ${want}" >&2
  exit 2
fi

cargo build --release --target wasm32-unknown-unknown --quiet
out=target/page
rm -rf "$out"
wasm-bindgen --target no-modules --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/release/xxgk_web.wasm
mkdir -p "$root/dist"
python3 assemble.py "$out/xxgk_web.js" "$out/xxgk_web_bg.wasm" "$root/dist/xxgk.html"
