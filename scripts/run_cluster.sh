#!/usr/bin/env bash
# Several instances on one machine: the action server, two Rasa instances on one PostgreSQL
# database and one Redis lock store, and nginx in front (deploy/nginx.conf.template) on one
# address. Called by `make run-cluster` after install and train; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${DATABASE_URL:-}" != postgresql* ]]; then
  cat >&2 <<'MSG'
run-cluster needs PostgreSQL: several Rasa instances share one database (SQLite cannot be shared).
Set DATABASE_URL, for example:
  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/samenspraak REDIS_URL=redis://127.0.0.1:6379/1 make run-cluster
MSG
  exit 1
fi
if [[ "${REDIS_URL:-}" != redis* ]]; then
  cat >&2 <<'MSG'
run-cluster needs Redis for Rasa's lock store, so that two instances never handle messages of
one conversation at the same time. Set REDIS_URL (and REDIS_KEY_PREFIX on a shared Redis), e.g.
  REDIS_URL=redis://127.0.0.1:6379/1 REDIS_KEY_PREFIX=samenspraak
MSG
  exit 1
fi
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
if [ -z "$NGINX" ]; then
  echo "run-cluster needs nginx in front of the instances: as root, run 'make install' (it installs" >&2
  echo "Debian's nginx), or 'sudo apt-get install nginx-light'." >&2
  exit 1
fi

RUN_DIR=${RUN_DIR:-$PWD/var/cluster}
mkdir -p "$RUN_DIR"
source scripts/servers.sh
RASA_PORTS=("$RASA_PORT_1" "$RASA_PORT_2")

echo "==> Migrating the database (once, before the instances start)"
.venv/bin/python -m bot migrate
# one pseudonym key for all instances: SAMENSPRAAK_SECRET, or var/secret made once here
.venv/bin/python -c 'from bot.config import pseudonym_secret; pseudonym_secret()'

start_action_server
for index in 0 1; do
  port=${RASA_PORTS[$index]}
  log="$LOG_DIR/rasa-$((index + 1)).log"
  echo "==> Starting Rasa instance $((index + 1)) on port $port (log: $log)"
  # only nginx talks to the instances (TRUSTED_PROXIES: loopback)
  .venv/bin/rasa run --model models/samenspraak.tar.gz --interface "$SERVER_HOST" --port "$port" "${cors_args[@]}" \
    --endpoints endpoints.yml --credentials credentials.yml >"$log" 2>&1 &
  pids+=($!)
done

sed -e "s|__LISTEN__|${RASA_PORT}|" -e "s|__RASA_1__|${SERVER_HOST}:${RASA_PORTS[0]}|" \
  -e "s|__RASA_2__|${SERVER_HOST}:${RASA_PORTS[1]}|" -e "s|__RUN_DIR__|${RUN_DIR}|g" \
  deploy/nginx.conf.template >"$RUN_DIR/nginx.conf"

wait_for "action server" "http://${SERVER_HOST}:${ACTIONS_PORT}/health" "${pids[0]}"
wait_for "Rasa instance 1" "http://${SERVER_HOST}:${RASA_PORTS[0]}/" "${pids[1]}"
wait_for "Rasa instance 2" "http://${SERVER_HOST}:${RASA_PORTS[1]}/" "${pids[2]}"

echo "==> Starting nginx on port $RASA_PORT (config and logs: $RUN_DIR)"
"$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" &
pids+=($!)
wait_for "nginx" "http://${SERVER_HOST}:${RASA_PORT}/" "${pids[3]}"

cat <<MSG

Samenspraak (two instances behind nginx) is running at http://localhost:${RASA_PORT}
  relatives' chat: http://localhost:${RASA_PORT}/chat?afdeling=CODE
  rehearsal:       http://localhost:${RASA_PORT}/oefenen
  team dashboard:  http://localhost:${RASA_PORT}/team
  chat over REST:  curl -s -XPOST http://localhost:${RASA_PORT}/webhooks/rest/webhook \\
                     -d '{"sender": "test", "message": "hallo"}'
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
echo "One of the servers stopped; see $LOG_DIR and $RUN_DIR." >&2
exit 1
