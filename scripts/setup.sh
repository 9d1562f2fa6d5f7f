#!/usr/bin/env bash
# One-time set-up for building hpsynth on a fresh machine; safe to run again (does nothing when ready).
# HiGHS (through good_lp/highs-sys) is compiled from source with cmake, and its bindings with libclang.
# Ipopt, the heat exchanger network's NLP solver (src/network/), is Debian's coinor-libipopt-dev, found by
# build.rs through pkg-config.
# The Python package (python/, built by `make test`) needs a Python 3.9+ with venv and pip; its build and
# test tools are installed into target/python-venv by scripts/python-test.sh.
set -euo pipefail

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo is missing; install Rust with rustup first" >&2
  exit 1
fi

have_libclang() {
  ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || ls /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1
}

have_ipopt() {
  command -v pkg-config >/dev/null 2>&1 && pkg-config --exists ipopt
}

have_python() {
  command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' >/dev/null 2>&1
}

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
have_libclang || missing+=(libclang-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
have_ipopt || missing+=(coinor-libipopt-dev)
have_python || missing+=(python3 python3-venv python3-pip)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]} (cmake and libclang build HiGHS; Ipopt solves the network NLPs; Python builds and tests the wheel)" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "setup: not root or no apt-get: install ${missing[*]} with your package manager," >&2
  echo "       or 'pip install cmake libclang' and set CMAKE and LIBCLANG_PATH" >&2
  exit 1
fi
