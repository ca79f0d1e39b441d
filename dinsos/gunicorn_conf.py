"""gunicorn's settings for the registry: `gunicorn -c python:dinsos.gunicorn_conf dinsos.wsgi`.

Each can still be overridden on the command line (`--workers 2`) or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))

# gunicorn kills a worker whose request runs longer than `timeout` (default 30 s) and the
# user gets a 502. The province-wide outcome report of a million clients takes about 30 s
# on a 2-core machine, over a minute with a cold cache (docs/performance.md): the limit
# leaves it room. Every other page answers in well under a second.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 180))
graceful_timeout = 30

# Behind a load balancer: its idle connections outlive gunicorn's 2 s default.
keepalive = 5

# Errors to stderr (the service manager's journal); an access log only when asked for
# (GUNICORN_ACCESSLOG=-), as the load balancer usually keeps one.
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
