#!/usr/bin/env bash
# Installs jiaxiao as a service on Debian 12 (run as root from the source tree):
#   bash deploy/install.sh            build, install, create the jiaxiao user, start the service
# What goes where (docs/install.md):
#   /usr/local/bin/jiaxiao                    the program
#   /usr/local/sbin/jiaxiao-admin             the program as the service user, with its secrets and config
#   /usr/local/share/jiaxiao/templates/zh_CN  letter templates
#   /etc/jiaxiao/jiaxiao.json (0600)          configuration, kept if it exists
#   /etc/jiaxiao/jiaxiao.env (0600)           secrets as KEY=value, named in the config as ${KEY}
#   /var/lib/jiaxiao/ (0700)                  database, backups/
#   /etc/systemd/system/jiaxiao*.{service,timer}, /etc/nginx/sites-available/jiaxiao
# Running it again upgrades: the new build replaces the program; the database is migrated at start.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "install: run as root" >&2; exit 1; }

bash deploy/install-deps.sh
build=${JIAXIAO_BUILD_DIR:-build-release}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJIAXIAO_TESTS=OFF >/dev/null
cmake --build "$build" -j 2 --target jiaxiao

getent group jiaxiao >/dev/null || groupadd --system jiaxiao
getent passwd jiaxiao >/dev/null ||
  useradd --system --gid jiaxiao --home-dir /var/lib/jiaxiao --no-create-home --shell /usr/sbin/nologin jiaxiao

install -d -m 0755 /usr/local/share/jiaxiao/templates /usr/local/share/doc/jiaxiao
install -m 0755 "$build/jiaxiao" /usr/local/bin/jiaxiao.new && mv -f /usr/local/bin/jiaxiao.new /usr/local/bin/jiaxiao
install -m 0755 deploy/jiaxiao-admin /usr/local/sbin/jiaxiao-admin
rm -rf /usr/local/share/jiaxiao/templates/zh_CN
cp -r templates/zh_CN /usr/local/share/jiaxiao/templates/zh_CN
chmod -R a+rX /usr/local/share/jiaxiao
install -m 0644 README.md /usr/local/share/doc/jiaxiao/README.md
cp -r docs /usr/local/share/doc/jiaxiao/ && chmod -R a+rX /usr/local/share/doc/jiaxiao

install -d -m 0750 -o root -g jiaxiao /etc/jiaxiao
install -d -m 0700 -o jiaxiao -g jiaxiao /var/lib/jiaxiao /var/lib/jiaxiao/backups
if [ ! -e /etc/jiaxiao/jiaxiao.json ]; then
  # A first configuration: the built-in defaults, with the installed paths. Edit it, then restart.
  cat > /etc/jiaxiao/jiaxiao.json <<'JSON'
{
  "listen": "127.0.0.1:8080",
  "database": "/var/lib/jiaxiao/jiaxiao.db",
  "templates_dir": "/usr/local/share/jiaxiao/templates/zh_CN",
  "school": { "name": "" },
  "admins": [],
  "platforms": {
    "onebot": { "enabled": true, "secret": "${ONEBOT_SECRET}", "api_base": "http://127.0.0.1:3000" }
  }
}
JSON
  echo "install: wrote /etc/jiaxiao/jiaxiao.json (see config/jiaxiao.example.json for every key)"
fi
if [ ! -e /etc/jiaxiao/jiaxiao.env ]; then
  # A random OneBot secret to paste into NapCat/Lagrange's HTTP-POST "secret".
  echo "ONEBOT_SECRET=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" > /etc/jiaxiao/jiaxiao.env
  echo "install: wrote /etc/jiaxiao/jiaxiao.env with a new ONEBOT_SECRET"
fi
chown jiaxiao:jiaxiao /etc/jiaxiao/jiaxiao.json /etc/jiaxiao/jiaxiao.env
chmod 0600 /etc/jiaxiao/jiaxiao.json /etc/jiaxiao/jiaxiao.env

install -m 0644 deploy/systemd/jiaxiao.service deploy/systemd/jiaxiao-backup.service deploy/systemd/jiaxiao-backup.timer \
  /etc/systemd/system/
if [ -d /etc/nginx ]; then
  install -d /etc/nginx/sites-available /etc/nginx/conf.d
  install -m 0644 deploy/nginx/jiaxiao.conf /etc/nginx/sites-available/jiaxiao
  install -m 0644 deploy/nginx/jiaxiao-log-format.conf /etc/nginx/conf.d/jiaxiao-log-format.conf
  echo "install: nginx site in /etc/nginx/sites-available/jiaxiao: set server_name and the certificate, then"
  echo "         ln -s ../sites-available/jiaxiao /etc/nginx/sites-enabled/ && nginx -t && systemctl reload nginx"
fi

# The configuration must be valid for the service user before the service starts.
/usr/local/sbin/jiaxiao-admin check-config

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable --now jiaxiao.service jiaxiao-backup.timer
  systemctl restart jiaxiao.service  # an upgrade runs the new program
  systemctl --no-pager --lines=5 status jiaxiao.service || true
else
  echo "install: systemd is not running here; start by hand with:"
  echo "  jiaxiao-admin serve"
fi
echo "install: done. Health: curl http://127.0.0.1:8080/healthz"
