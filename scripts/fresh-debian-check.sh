#!/usr/bin/env bash
# The README on a bare Debian 12 machine: a debootstrap root gets only the README's prerequisites, a clone of this
# repository, then `make test` and `make run` (under Xvfb, with a screenshot of the window).
#
#   sudo scripts/fresh-debian-check.sh [TARGET_DIR] [OUT_DIR]
#
# TARGET_DIR (default /var/tmp/annotator-debian12) is reused when it already holds a bootstrapped root;
# OUT_DIR (default ./fresh-debian-check) receives make-test.log, make-run.log and make-run.png.
# The Debian mirror is the one this machine's apt uses (DEBIAN_MIRROR overrides it). pip inside the root uses this
# machine's pip configuration (/etc/pip.conf and PIP_* variables), so it reaches the same package index.
# Not part of `make test`: it downloads a Debian base system and every Python dependency, which takes a while.
set -euo pipefail

[ "$(id -u)" -eq 0 ] || { echo "fresh-debian-check: run as root (debootstrap and chroot need it)" >&2; exit 1; }
repo=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-/var/tmp/annotator-debian12}
out=$(mkdir -p "${2:-fresh-debian-check}" && cd "${2:-fresh-debian-check}" && pwd)

mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$mirror" ] || mirror=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | head -n1 || true)
fi
[ -n "$mirror" ] || { echo "fresh-debian-check: no Debian mirror found; set DEBIAN_MIRROR" >&2; exit 1; }

if ! command -v debootstrap >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
if [ ! -f "$target/.bootstrapped" ]; then
  echo "== debootstrap bookworm into $target"
  rm -rf "$target"
  debootstrap --variant=minbase bookworm "$target" "$mirror" > "$out/debootstrap.log" 2>&1 \
    || { tail -n 20 "$out/debootstrap.log" >&2; exit 1; }
  touch "$target/.bootstrapped"
fi

# What the root needs from this machine to reach the network and the package index, nothing more.
cp /etc/resolv.conf "$target/etc/resolv.conf"
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$target/etc/pip.conf"
# This machine's CA bundle (a network with its own CA needs it) under a name that the root's ca-certificates
# package does not regenerate.
host_ca=/etc/ssl/certs/ca-certificates.crt
ca_env=""
if [ -f "$host_ca" ]; then
  mkdir -p "$target/etc/ssl" && cp "$host_ca" "$target/etc/ssl/host-ca-bundle.crt"
  ca_env="export PIP_CERT=/etc/ssl/host-ca-bundle.crt SSL_CERT_FILE=/etc/ssl/host-ca-bundle.crt"
fi

mounts=()
cleanup() {
  pkill -f "Xvfb :57" >/dev/null 2>&1 || true
  for ((i=${#mounts[@]}-1; i>=0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
for m in proc sys dev dev/pts; do
  mkdir -p "$target/$m"
  mount --bind "/$m" "$target/$m" && mounts+=("$target/$m")
done
mkdir -p "$target/mnt/source"
mount --bind -o ro "$repo" "$target/mnt/source" && mounts+=("$target/mnt/source")

pip_env=$(env | grep '^PIP_' | grep -v '^PIP_CERT=' | sed 's/^/export /; s/=/="/; s/$/"/' || true)
pip_env="$pip_env
$ca_env"
in_root() { chroot "$target" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 bash -euo pipefail -c "$pip_env
$1"; }

echo "== the README's prerequisites"
in_root "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv make git >/dev/null"
in_root "rm -rf /root/annotator && git clone -q /mnt/source /root/annotator && git -C /root/annotator log --oneline -1"

echo "== make test (log: $out/make-test.log)"
set +e
in_root "cd /root/annotator && make test" > "$out/make-test.log" 2>&1
test_rc=$?
set -e
tail -n 3 "$out/make-test.log"

echo "== make run under Xvfb (log: $out/make-run.log)"
# Xvfb and a screenshot tool are the check's own instruments, not prerequisites of the app.
in_root "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth imagemagick >/dev/null"
set +e
in_root "cd /root/annotator
Xvfb :57 -screen 0 1366x768x24 >/dev/null 2>&1 &
export DISPLAY=:57 ANNOTATOR_REVIEWER=reviewer
setsid make run > /root/make-run.log 2>&1 &
run_pid=\$!   # make run leads its own process group, so the app goes with it at the end
for i in \$(seq 1 120); do
  sleep 2
  kill -0 \$run_pid 2>/dev/null || { echo 'make run ended early'; break; }
  # the window is up once the first-run project holds the sample documents and a few seconds have passed
  if [ -f /root/.local/share/annotator/project.annotator.db ] && [ \$i -gt 10 ]; then break; fi
done
sleep 8
import -window root /root/make-run.png
kill -TERM -- -\$run_pid 2>/dev/null || true
cat /root/make-run.log" > "$out/make-run.log" 2>&1
run_rc=$?
set -e
cp "$target/root/make-run.png" "$out/make-run.png" 2>/dev/null || echo "no screenshot was taken"
echo "== done: make test exit $test_rc; make run check exit $run_rc; screenshot $out/make-run.png"
[ "$test_rc" -eq 0 ] && [ "$run_rc" -eq 0 ]
