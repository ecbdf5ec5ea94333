"""gunicorn settings for Torget (deploy/systemd/torget-web.service, deploy/compose.yaml).

The environment may override the address and the number of workers: GUNICORN_BIND
(default 127.0.0.1:8000, nginx's upstream), GUNICORN_WORKERS (default 2 per core + 1) and
FORWARDED_ALLOW_IPS (default 127.0.0.1).

Metrics: with PROMETHEUS_MULTIPROC_DIR set, every worker writes its values to files in
that folder and /metrics adds them up (config/metrics.py). The folder must be emptied
before the first worker starts (systemd's RuntimeDirectory does it, and so does
`on_starting` below), and a dead worker's live gauges must be dropped (`child_exit`).
"""

import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "gthread"
threads = 4
timeout = 30
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# nginx on the same host; X-Forwarded-* from anyone else is not trusted. In containers
# nginx is another container: deploy/compose.yaml sets FORWARDED_ALLOW_IPS (the web port
# is reachable only on the compose network there).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn >= 25.1 opens a control socket in $XDG_RUNTIME_DIR or ~/.gunicorn by default;
# systemd's signals (deploy/systemd/torget-web.service) do that job, and a hardened unit
# has no writable home.
control_socket_disable = True

if os.environ.get("LOG_FORMAT", "").lower() == "json":
    # gunicorn's own lines (start, worker exits, access log) as JSON too.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.log_format.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }


def on_starting(server):
    """Remove the metric files an earlier run left behind (counters restart at zero)."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for leftover in Path(folder).glob("*.db"):
            leftover.unlink()


def child_exit(server, worker):
    """Drop the live gauges (requests in flight) of a worker that has exited."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
