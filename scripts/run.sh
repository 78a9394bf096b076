#!/usr/bin/env bash
# Starts the action server and the Rasa server, waits until both answer, prints the address
# and stops both on Ctrl-C. Called by `make run` after install, train and migrate.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/servers.sh

start_action_server
echo "==> Starting the Rasa server on port $RASA_PORT (log: $LOG_DIR/rasa.log)"
.venv/bin/rasa run --model models/samenspraak.tar.gz --port "$RASA_PORT" "${cors_args[@]}" \
  --endpoints endpoints.yml --credentials credentials.yml >"$LOG_DIR/rasa.log" 2>&1 &
pids+=($!)

wait_for "action server" "http://${SERVER_HOST}:${ACTIONS_PORT}/health" "${pids[0]}"
wait_for "Rasa server" "http://${SERVER_HOST}:${RASA_PORT}/" "${pids[1]}"

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
