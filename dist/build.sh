#!/usr/bin/env bash
# Builds the ready-made programs into dist/ (see DEVELOPING.md, “现成的程序”):
#   xxgk-windows-x64.exe  x86_64-pc-windows-gnu, linked by Debian's gcc-mingw-w64-x86-64
#   xxgk-linux-x64        x86_64-unknown-linux-musl, fully static (runs on any glibc)
#   xxgk-linux-arm64      aarch64-unknown-linux-musl, fully static, linked by gcc-aarch64-linux-gnu
#   使用说明.txt          the guide for people who never used a command line (UTF-8 with BOM, CRLF)
#   SHA256SUMS
# The Windows program embeds the browser page dist/xxgk.html when it exists (made first by
# web/build.sh when that script exists), and opens it on a double-click.
# Needs: rustup targets x86_64-pc-windows-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl;
# apt packages gcc-mingw-w64-x86-64 musl-tools gcc-aarch64-linux-gnu libc6-dev-arm64-cross (what
# .ci/run installs).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f web/build.sh ]; then
  bash web/build.sh
fi
page=""
if [ -f dist/xxgk.html ]; then
  page="$PWD/dist/xxgk.html"
fi

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER="${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER="${CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER:-aarch64-linux-gnu-gcc}"
limit=$((15 * 1024 * 1024))

# build TARGET NAME PAGE: one program, with the page embedded when PAGE is not empty.
build() {
  local target=$1 name=$2 embed=$3 exe=xxgk start
  [[ $target == *windows* ]] && exe=xxgk.exe
  start=$(date +%s)
  # SQLite (the mail ledger) is compiled against Debian's glibc headers for ARM64, whose
  # large-file names (open64, fstat64…) musl does not have: without them it uses the plain
  # calls, which are 64-bit on a 64-bit system anyway.
  local sqlite=""
  [[ $target == aarch64-unknown-linux-musl ]] && sqlite="-DSQLITE_DISABLE_LFS"
  XXGK_PAGE="$embed" LIBSQLITE3_FLAGS="$sqlite" \
    cargo build --locked --profile dist --target "$target" --bin xxgk
  cp "target/$target/dist/$exe" "dist/$name"
  local size
  size=$(stat -c %s "dist/$name")
  echo "dist/$name: $size bytes, built in $(($(date +%s) - start)) s"
  if [ "$size" -ge "$limit" ]; then
    echo "dist/$name is $size bytes, over the 15 MB limit" >&2
    exit 1
  fi
}

build x86_64-pc-windows-gnu xxgk-windows-x64.exe "$page"
build x86_64-unknown-linux-musl xxgk-linux-x64 ""
build aarch64-unknown-linux-musl xxgk-linux-arm64 ""

# Notepad on older Windows reads UTF-8 only with a BOM, and lines only with CRLF.
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' dist/guide/使用说明.txt; } > dist/使用说明.txt
(cd dist && sha256sum xxgk-windows-x64.exe xxgk-linux-x64 xxgk-linux-arm64 使用说明.txt > SHA256SUMS)
echo "dist/SHA256SUMS:"
cat dist/SHA256SUMS
