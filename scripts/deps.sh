#!/bin/sh
# make deps: install the Debian packages ejournal needs to build, run and test, only those
# that are missing, and create the `ejournal` system user that runs ejournald after it drops
# root and the embedded PostgreSQL cluster (initdb refuses to run as root).
set -eu

PKGS="build-essential pkg-config gettext
libncurses-dev ncurses-term libpq-dev libssh-dev libconfig-dev libcrypt-dev
libcairo2-dev libpango1.0-dev fonts-dejavu-core
postgresql-15 postgresql-contrib tzdata locales
check libsubunit-dev libvterm-dev poppler-utils
openssh-client openssh-server sshpass python3 python3-paramiko procps"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

if [ -n "$missing" ]; then
    echo "deps: installing:$missing"
    if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
        echo "deps: need root or sudo to install:$missing" >&2
        exit 1
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # policy-rc.d keeps apt from starting the system sshd or PostgreSQL clusters we do not use.
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

if ! getent passwd ejournal >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; then
        echo "deps: creating system user ejournal"
        $SUDO useradd --system --user-group --home-dir /var/lib/ejournal --no-create-home \
            --shell /usr/sbin/nologin ejournal
    fi
fi
exit 0
