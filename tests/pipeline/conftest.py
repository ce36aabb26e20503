"""Real services for the pipeline fault tests: a redis-server and Celery workers.

`pipeline` gives a test its own `redis-server` (a free loopback port, a temporary
folder) and starts real `celery -A portal worker` processes on it. Workers and
`manage.py` commands run as subprocesses with REDIS_URL pointing at that server
and DATABASE_URL at the test database, which they share with the test process: a
test using `pipeline` is transactional (committed rows), and on SQLite the test
database is a file (`portal/settings.py`). Everything started here is killed when
the test ends, pass or fail, before the test database is flushed.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from celery import Celery
from django.db import connection

from tests.services import require_redis_server

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# Every wait in these tests ends by this many seconds.
DEADLINE = 60
# Short, so a task whose worker was killed is redelivered within seconds.
VISIBILITY_TIMEOUT = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(
    condition: Callable[[], bool],
    what: str,
    *,
    timeout: float = DEADLINE,
    details: Callable[[], str] = lambda: "",
) -> float:
    """Poll until `condition()` holds; fail with `details()` after `timeout` s."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            pytest.fail(f"Timed out after {timeout} s waiting for {what}\n{details()}")
        time.sleep(0.2)
    return time.monotonic() - start


def shared_database_url() -> str:
    """DATABASE_URL for the test database the test process is connected to."""
    s = connection.settings_dict
    if s["ENGINE"] == "django.db.backends.sqlite3":
        name = str(s["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail("the SQLite test database must be a file to share it")
        return f"sqlite:///{Path(name).resolve()}"
    if s["ENGINE"] == "django.db.backends.postgresql":
        user = quote(s.get("USER") or "", safe="")
        password = quote(s.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = quote(s.get("HOST") or "localhost", safe="")
        port = f":{s['PORT']}" if s.get("PORT") else ""
        return f"postgres://{auth}{host}{port}/{quote(s['NAME'], safe='')}"
    pytest.fail(f"no DATABASE_URL for {s['ENGINE']}")


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class RedisServer:
    """A real redis-server on a free loopback port, stopped and started at will."""

    def __init__(self, binary: str, folder: Path) -> None:
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = folder / "redis.log"
        self.process: subprocess.Popen | None = None
        self.client = redis.Redis(host="127.0.0.1", port=self.port, db=0)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(self.log),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def up() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"redis-server exited:\n{_tail(self.log)}")
            try:
                return bool(self.client.ping())
            except redis.ConnectionError:
                return False

        wait_for(up, "redis-server to answer", timeout=15)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        self.client.connection_pool.disconnect()

    # Broker state (kombu's Redis transport keys for the default queue).
    def queued(self) -> int:
        return self.client.llen("celery")

    def unacked(self) -> dict[str, dict]:
        """Delivered but unacknowledged messages: {delivery tag: message}."""
        return {
            tag.decode(): json.loads(raw)[0]
            for tag, raw in self.client.hgetall("unacked").items()
        }


class Worker:
    """A `celery -A portal worker` process group (the main process and its pool)."""

    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        self.name = name
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "portal",
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    "1",
                    "-l",
                    "info",
                    "-n",
                    f"{name}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                # Its own process group: kill() reaches the pool child too.
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"worker {self.name} exited:\n{_tail(self.log)}")
            return " ready." in self.output()

        wait_for(ready, f"worker {self.name} to be ready", details=self.output)

    def kill(self) -> None:
        """SIGKILL the whole worker at once, as if its machine died."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


class Pipeline:
    """One test's Redis, workers, `manage.py` commands and task producer."""

    def __init__(self, redis_server: RedisServer, folder: Path) -> None:
        self.redis = redis_server
        self.folder = folder
        self.workers: list[Worker] = []
        self.database_url = shared_database_url()
        self._producer: Celery | None = None

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "REDIS_URL": self.redis.url,
            "DATABASE_URL": self.database_url,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "CELERY_TRACE_LOG_LEVEL": "INFO",  # "Task … succeeded" lines
            "DJANGO_SECURE": "0",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }

    def start_workers(self, *names: str, **extra_env: str) -> list[Worker]:
        """Start workers (in parallel) and wait until every one is consuming."""
        started = [
            Worker(name, self.env(**extra_env), self.folder / f"worker-{name}.log")
            for name in names
        ]
        self.workers.extend(started)
        for worker in started:
            worker.wait_ready()
        return started

    def manage(self, *args: str, **extra_env: str) -> str:
        """Run `manage.py ARGS` against the test database and Redis; its stdout."""
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            check=False,
        )
        if done.returncode:
            pytest.fail(
                f"manage.py {' '.join(args)} exited {done.returncode}:\n"
                f"{done.stdout}\n{done.stderr}"
            )
        return done.stdout

    def send(self, task: str, *args, **kwargs) -> str:
        """Queue a task by name, as beat or another process would; its id."""
        if self._producer is None:
            # Not the current app: the suite's own app stays eager and in-memory.
            self._producer = Celery(
                "k-talent-test-client", broker=self.redis.url, set_as_current=False
            )
        return self._producer.send_task(task, args=args, kwargs=kwargs).id

    def details(self) -> str:
        """Worker logs and broker state, for a failure message."""
        parts = []
        try:
            parts.append(
                f"broker: {self.redis.queued()} queued, "
                f"{len(self.redis.unacked())} unacknowledged"
            )
        except redis.RedisError as exc:
            parts.append(f"broker: {exc!r}")
        for worker in self.workers:
            parts.append(f"--- worker {worker.name} ---\n{_tail(worker.log)}")
        return "\n".join(parts)

    def wait_for(self, condition: Callable[[], bool], what: str) -> float:
        return wait_for(condition, what, details=self.details)

    def close(self) -> None:
        for worker in self.workers:
            worker.kill()
        if self._producer is not None:
            self._producer.close()
        self.redis.stop()


@pytest.fixture
def pipeline(transactional_db, tmp_path):
    """Redis plus a way to start workers; torn down before the database flush."""
    binary = require_redis_server()
    server = RedisServer(binary, tmp_path)
    services = Pipeline(server, tmp_path)
    try:
        server.start()
        yield services
    finally:
        services.close()
