# Shared by scripts/run.sh and scripts/run_cluster.sh (sourced, not run): the servers'
# settings, starting the action server, stopping everything on Ctrl-C and waiting until a server
# answers.

# Ports, host, keep-alive and response timeout live in bot/server_settings.py (also used by the
# tests and the benchmark); a variable already set in the environment keeps its value.
eval "$(.venv/bin/python -m bot.server_settings)"
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://${SERVER_HOST}:${ACTIONS_PORT}/webhook}
LOG_DIR=${LOG_DIR:-var/log}
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
trap stop_all EXIT
# Ctrl-C (or SIGTERM) stops the servers and ends the script without an error
trap 'stop_all; exit 0' INT TERM

start_action_server() {
  echo "==> Starting the action server on ${ACTIONS_HOST:-127.0.0.1}:$ACTIONS_PORT (log: $LOG_DIR/actions.log)"
  # listens on ACTIONS_HOST (default loopback) and answers only calls with the shared token
  .venv/bin/python -m addons.action_server --port "$ACTIONS_PORT" --actions actions >"$LOG_DIR/actions.log" 2>&1 &
  pids+=($!)
}

# No wildcard CORS: the pages are same-origin; only ALLOWED_ORIGINS (embedding sites) get CORS.
mapfile -t origins < <(.venv/bin/python -c 'from bot.config import allowed_origins; print(*allowed_origins(), sep="\n")')
cors_args=()
if [ ${#origins[@]} -gt 0 ] && [ -n "${origins[0]}" ]; then
  cors_args=(--cors "${origins[@]}")
fi

# wait_for NAME URL PID: until URL answers; stop with a message when PID ends or after 5 minutes
wait_for() {
  local name=$1 url=$2 pid=$3
  for _ in $(seq 1 300); do
    if curl -fsS "$url" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The $name stopped while starting; see $LOG_DIR." >&2
      exit 1
    fi
    sleep 1
  done
  echo "The $name did not answer within 5 minutes; see $LOG_DIR." >&2
  exit 1
}
