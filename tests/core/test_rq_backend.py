"""The RQ backend on Redis, selected by setting, runs the same jobs as the database backend."""

import os
import socket
import subprocess
import sys

import pytest

REDIS = ("127.0.0.1", 6379)

START_JOB = """
from gtis.core import services
from gtis.core.roles import Role
from gtis.accounts.models import User
user = User.objects.create_user("rq-admin", password="x", role=Role.PLATFORM_ADMIN)
job = services.start_job(actor=user, kind="core.export_audit_trail", label="export",
                         arguments={"filters": {}})
print(job.pk)
"""


def redis_available() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available() and not os.environ.get("CI"), reason="no Redis here")
def test_a_job_queued_on_redis_is_run_by_the_rq_worker(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gtis.settings",
        "GTIS_DEBUG": "1",
        "GTIS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'rq.sqlite3'}",
        "GTIS_TASKS_BACKEND": "rq",
        "GTIS_REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/13",
    }

    def gtis(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "gtis", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    gtis("migrate", "--verbosity", "0")
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], capture_output=True)
    job_id = gtis("shell", "-c", START_JOB).strip().splitlines()[-1]
    status = "from gtis.core.models import BackgroundJob as J; print(J.objects.get(pk='{}').status)"
    assert gtis("shell", "-c", status.format(job_id)).splitlines()[-1] == "queued"

    gtis("rqworker", "default", "--burst")

    assert gtis("shell", "-c", status.format(job_id)).splitlines()[-1] == "succeeded"
