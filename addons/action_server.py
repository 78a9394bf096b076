"""Samenspraak's action server: rasa_sdk's server on ACTIONS_HOST, answering only the Rasa server.

Start it as `python -m addons.action_server --port 5055 --actions actions` (the same options as
`rasa run actions`). It differs from `rasa run actions` in three ways:
- it listens on `ACTIONS_HOST` (default 127.0.0.1) instead of every address;
- every call except `GET /health` (for probes) must carry the shared token in the header
  ACTION_TOKEN_HEADER; it is derived from the server secret (bot.config.action_token), so the
  Rasa server and the action server agree without a setting of their own. A call without it, or
  with a wrong one, gets 403. The Rasa server adds the header to its action endpoint
  (addons/availability.py); a header rather than Rasa's `token` query parameter keeps the token
  out of access logs;
- no CORS: only the Rasa server calls it, never a browser;
- within one call, a repeated read of the relative's stored state is answered from memory until
  anything else touches the database (`keep_reads` in bot/storage/db.py): a scan turn's form
  validation read it four times.
"""

from __future__ import annotations

import hmac
import logging
import sys
from typing import Optional

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser, create_ssl_context
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import ACTION_TOKEN_HEADER, action_token, actions_host
from bot.storage.db import keep_reads

logger = logging.getLogger(__name__)
OPEN_PATHS = ("/health",)


def token_ok(sent: Optional[str], expected: str) -> bool:
    """True when the sent token is the expected one (compared in constant time)."""
    return bool(sent) and hmac.compare_digest(str(sent).encode(), expected.encode())


def guarded_app(actions: str) -> Sanic:
    """rasa_sdk's app for the `actions` package, refusing calls without the shared token."""
    app = create_app(actions, cors_origins=None)
    expected = action_token()

    @app.middleware("request")
    async def check_token(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS or token_ok(request.headers.get(ACTION_TOKEN_HEADER), expected):
            keep_reads()  # a fresh memory for this call (middleware and handler share one context)
            return None
        return response.json({"error": "forbidden"}, status=403)

    @app.middleware("response")
    async def forget_reads(request: Request, _response: HTTPResponse) -> None:
        keep_reads(False)

    return app


def main(argv: Optional[list[str]] = None) -> None:
    """Run the action server (arguments as `rasa run actions`)."""
    args = create_argument_parser().parse_args(argv)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel, args.logging_config_file
    )
    utils.update_sanic_log_level()
    app = guarded_app(args.actions or "actions")
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = actions_host()
    logger.info("Action server on %s:%s (calls need the shared token)", host, args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":  # pragma: no cover - started as a process
    main(sys.argv[1:])
