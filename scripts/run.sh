#!/usr/bin/env bash
# Starts the action server and the Rasa server, waits until both answer, prints the address
# and stops both on Ctrl-C. Called by `make run` after install, train and migrate.
set -euo pipefail
cd "$(dirname "$0")/.."

export RASA_PORT=${RASA_PORT:-5005}
export ACTIONS_PORT=${ACTIONS_PORT:-5055}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:${ACTIONS_PORT}/webhook}
export RASA_TELEMETRY_ENABLED=false
export SQLALCHEMY_SILENCE_UBER_WARNING=1
# The action server (Sanic) closes a connection that sends nothing for KEEP_ALIVE_TIMEOUT (5 s),
# also a new one: a Rasa server busy with many messages at once can take longer to send the
# action call, which then fails. Rasa's own server uses 120 s.
export SANIC_KEEP_ALIVE_TIMEOUT=${SANIC_KEEP_ALIVE_TIMEOUT:-120}
# Without --enable-api Rasa leaves Sanic's response timeout at 60 s: a message that waits longer
# under load is cancelled and answered with nothing. Five minutes, as nginx waits in run-cluster.
export SANIC_RESPONSE_TIMEOUT=${SANIC_RESPONSE_TIMEOUT:-300}
LOG_DIR=var/log
mkdir -p "$LOG_DIR"

pids=()
stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "==> Stopping Samenspraak"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop_all INT TERM EXIT

echo "==> Starting the action server on port $ACTIONS_PORT (log: $LOG_DIR/actions.log)"
.venv/bin/rasa run actions --port "$ACTIONS_PORT" --actions actions >"$LOG_DIR/actions.log" 2>&1 &
pids+=($!)
echo "==> Starting the Rasa server on port $RASA_PORT (log: $LOG_DIR/rasa.log)"
# No wildcard CORS: the pages are same-origin; only ALLOWED_ORIGINS (embedding sites) get CORS.
mapfile -t origins < <(.venv/bin/python -c 'from bot.config import allowed_origins; print(*allowed_origins(), sep="\n")')
cors_args=()
if [ ${#origins[@]} -gt 0 ] && [ -n "${origins[0]}" ]; then
  cors_args=(--cors "${origins[@]}")
fi
.venv/bin/rasa run --model models/samenspraak.tar.gz --port "$RASA_PORT" "${cors_args[@]}" \
  --endpoints endpoints.yml --credentials credentials.yml >"$LOG_DIR/rasa.log" 2>&1 &
pids+=($!)

wait_for() {
  local name=$1 url=$2 pid=$3
  for _ in $(seq 1 240); do
    if curl -fsS "$url" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The $name stopped while starting; see $LOG_DIR." >&2
      exit 1
    fi
    sleep 1
  done
  echo "The $name did not answer within 4 minutes; see $LOG_DIR." >&2
  exit 1
}
wait_for "action server" "http://127.0.0.1:${ACTIONS_PORT}/health" "${pids[0]}"
wait_for "Rasa server" "http://127.0.0.1:${RASA_PORT}/" "${pids[1]}"

cat <<MSG

Samenspraak is running at http://localhost:${RASA_PORT}
  relatives' chat: http://localhost:${RASA_PORT}/chat?afdeling=CODE   (CODE: a unit with a team code)
  rehearsal:       http://localhost:${RASA_PORT}/oefenen
  team dashboard:  http://localhost:${RASA_PORT}/team
                   (a team code: .venv/bin/python -m bot team create --unit CODE)
  chat over REST:  curl -s -XPOST http://localhost:${RASA_PORT}/webhooks/rest/webhook \\
                     -d '{"sender": "test", "message": "hallo"}'
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
echo "One of the servers stopped; see $LOG_DIR." >&2
exit 1
