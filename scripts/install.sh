#!/usr/bin/env bash
# Installs everything Samenspraak needs into .venv: Python 3.10, the pinned packages, the
# Dutch spaCy pipeline nl_core_news_sm and deduce's lookup cache; the web pages' front-end
# packages; chromium for the browser tests. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
MODEL_WHEEL_DIR=${SAMENSPRAAK_MODEL_DIR:-../shared/models}

find_python310() {
  if command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    command -v python3.10
    return
  fi
  local root
  root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for candidate in "$root"/versions/3.10*/bin/python3.10; do
    if [ -x "$candidate" ]; then
      echo "$candidate"
      return
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  if ! PY310=$(find_python310); then
    cat >&2 <<'MSG'
Samenspraak needs Python 3.10 (Rasa 3.6 does not run on 3.11 or newer), and none was found.
Install it, then run the command again, for example:
  pyenv install 3.10        (with pyenv), or
  apt-get install python3.10 python3.10-venv   (Debian/Ubuntu with a 3.10 package)
MSG
    exit 1
  fi
  echo "==> Creating $VENV with $PY310"
  rm -rf "$VENV"
  "$PY310" -m venv "$VENV"
fi

echo "==> Installing Python packages (pinned in requirements.txt and constraints.txt)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip<24.1"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt

# The stand-in wheel in ../shared/models may be rebuilt under the same version number: the
# checksum of the wheel we installed is kept, and a changed wheel is installed again.
wheel=$(ls "$MODEL_WHEEL_DIR"/nl_core_news_sm-3.4.*.whl 2>/dev/null | head -n 1 || true)
WHEEL_MARK="$VENV/.nl_core_news_sm-wheel.sha256"
wheel_changed() {
  [ -n "$wheel" ] && [ -f "$WHEEL_MARK" ] && [ "$(sha256sum "$wheel" | cut -d' ' -f1)" != "$(cat "$WHEEL_MARK")" ]
}
if "$VENV/bin/python" -c 'import nl_core_news_sm' 2>/dev/null && ! wheel_changed; then
  echo "==> Dutch spaCy pipeline nl_core_news_sm is installed"
else
  echo "==> Installing the Dutch spaCy pipeline nl_core_news_sm"
  if timeout 300 "$VENV/bin/python" -m spacy download nl_core_news_sm >/tmp/samenspraak-spacy-download.log 2>&1; then
    echo "    official release installed"
    rm -f "$WHEEL_MARK"
  elif [ -n "$wheel" ]; then
    echo "    spaCy's releases are not reachable; installing $wheel"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$wheel"
    sha256sum "$wheel" | cut -d' ' -f1 >"$WHEEL_MARK"
  else
    cat >&2 <<MSG
Could not install the Dutch spaCy pipeline nl_core_news_sm:
  - 'python -m spacy download nl_core_news_sm' failed (log: /tmp/samenspraak-spacy-download.log), and
  - no wheel nl_core_news_sm-3.4.*.whl was found in $MODEL_WHEEL_DIR.
Connect to the internet, or put the wheel there (or point SAMENSPRAAK_MODEL_DIR at it), and retry.
MSG
    exit 1
  fi
fi
"$VENV/bin/python" -c 'import spacy; spacy.load("nl_core_news_sm")' >/dev/null 2>&1 || {
  echo "nl_core_news_sm is installed but does not load; see 'python -c \"import spacy; spacy.load(\\\"nl_core_news_sm\\\")\"'" >&2
  exit 1
}
# --- deduce (names in remarks, bot/deidentify.py) builds its lookup structures at its first load
# (about 90 s on 2 cores) and caches them in its package folder; later loads take about 8 s.
# Built here once, so that no release waits for it, and kept in the user's cache by deduce's
# version, so that another checkout (a fresh clone, CI) copies them instead of building again.
DEDUCE_PICKLE=$("$VENV/bin/python" -c 'import deduce, pathlib; print(pathlib.Path(deduce.__file__).parent / "data/lookup/cache/lookup_structs.pickle")')
DEDUCE_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/samenspraak/deduce-$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("deduce") + "-" + version("docdeid"))')"
if [ -f "$DEDUCE_PICKLE" ]; then
  echo "==> deduce's lookup structures are built"
elif [ -f "$DEDUCE_CACHE/lookup_structs.pickle" ] && mkdir -p "$(dirname "$DEDUCE_PICKLE")" \
  && "$VENV/bin/python" - "$DEDUCE_CACHE/lookup_structs.pickle" "$DEDUCE_PICKLE" <<'PY'
# deduce trusts its cache only when it is newer than its source lists, which pip has just written:
# the same version's structures get a new date
import datetime, pickle, sys
from importlib.metadata import version
with open(sys.argv[1], "rb") as file:
    cache = pickle.load(file)
assert cache["deduce_version"] == version("deduce")
cache["saved_datetime"] = datetime.datetime.now().isoformat()
with open(sys.argv[2], "wb") as file:
    pickle.dump(cache, file)
PY
then
  echo "==> deduce's lookup structures copied from $DEDUCE_CACHE"
else
  rm -f "$DEDUCE_PICKLE"
  echo "==> Building deduce's lookup structures (once, about 2 minutes)"
  "$VENV/bin/python" -c 'from bot.deidentify import name_lists; name_lists()' >/dev/null
fi
if [ ! -f "$DEDUCE_CACHE/lookup_structs.pickle" ]; then
  mkdir -p "$DEDUCE_CACHE" && cp "$DEDUCE_PICKLE" "$DEDUCE_CACHE/lookup_structs.pickle.partial" \
    && mv "$DEDUCE_CACHE/lookup_structs.pickle.partial" "$DEDUCE_CACHE/lookup_structs.pickle"
fi
# --- Web pages: front-end packages from the npm registry (web/package-lock.json), vendored into
# web/vendor and served by the assistant itself (no CDN at run time). Redone only when the lock
# changed. The widget's stylesheet asks a public font host for a web font; that import is
# removed so a relative's browser talks to nobody but this server.
LOCK=web/package-lock.json
VENDOR=web/vendor
lock_sum=$(sha256sum "$LOCK" | cut -d' ' -f1)
if [ -f "$VENDOR/.lock-sha256" ] && [ "$(cat "$VENDOR/.lock-sha256")" = "$lock_sum" ] \
  && [ -f "$VENDOR/rasa-webchat.js" ] && [ -f "$VENDOR/chart.umd.js" ]; then
  echo "==> Front-end packages are vendored in $VENDOR"
else
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "==> Installing npm from Debian"
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm >/dev/null
    else
      echo "The web pages need npm (Node.js) to install their front-end packages. Install it, e.g." >&2
      echo "  sudo apt-get install npm" >&2
      exit 1
    fi
  fi
  echo "==> Installing front-end packages (npm ci) and vendoring them into $VENDOR"
  (cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  mkdir -p "$VENDOR"
  node -e '
    const fs = require("fs");
    const strip = (text) => text
      .replace(/@import url\(https:\/\/fonts\.googleapis\.com\/[^)]*\);/g, "")
      .replace(/\n\/\/# sourceMappingURL=[^\n]*\s*$/, "\n");
    const copy = (from, to) => {
      const text = strip(fs.readFileSync(from, "utf8"));
      if (/fonts\.googleapis\.com/.test(text)) { throw new Error(from + " still refers to a public font host"); }
      fs.writeFileSync(to, text);
    };
    copy("web/node_modules/rasa-webchat/lib/index.js", "web/vendor/rasa-webchat.js");
    copy("web/node_modules/chart.js/dist/chart.umd.js", "web/vendor/chart.umd.js");
  '
  echo "$lock_sum" > "$VENDOR/.lock-sha256"
fi

# --- Browser tests (tests/browser) drive Debian's chromium through Playwright.
if command -v chromium >/dev/null 2>&1; then
  echo "==> chromium is installed (for the browser tests)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> Installing chromium from Debian (for the browser tests)"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
else
  cat >&2 <<'MSG'
Note: chromium is missing, so the browser tests (tests/browser) cannot run. Install it as root:
  sudo apt-get update && sudo apt-get install -y chromium
or point SAMENSPRAAK_CHROMIUM at a Chromium binary. Everything else works without it.
MSG
fi
# --- nginx in front of several instances (`make run-cluster`, and the load tests in tests/load).
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  echo "==> nginx is installed (for make run-cluster and the load tests)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> Installing nginx from Debian (for make run-cluster and the load tests)"
  apt-get update -q >/dev/null
  # (Debian may start its own nginx on port 80; the cluster runs one with its own config)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null
else
  cat >&2 <<'MSG'
Note: nginx is missing, so `make run-cluster` and the load tests (tests/load) cannot run.
Install it as root:  sudo apt-get update && sudo apt-get install -y nginx-light
Everything else works without it.
MSG
fi
# --- The load tests (tests/load) start their own PostgreSQL and redis-server on free ports (so
# they can stop them): they need the server programs, not a running service.
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -eq 0 ]; then
  echo "==> PostgreSQL and Redis server programs are installed (for the load tests)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> Installing ${missing[*]} from Debian (the load tests start their own servers)"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
else
  echo "Note: ${missing[*]} missing, so the load tests (tests/load) cannot run. As root:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
fi
echo "==> Install complete"
