"""Faults: PostgreSQL restarted under load, an export to a full disk, two caseworkers saving one plan.

Every scenario reports ``acknowledged_writes`` (writes the user was told were saved: a redirect after
the form), ``lost_writes`` (acknowledged but not in the database afterwards), ``duplicate_writes`` (one
submission stored twice), ``errors_shown`` (requests answered with the Dutch "try again" or "someone else
changed it" message) and ``other_errors`` (anything else: a 500, a dropped connection).

``postgres_restart`` runs on a PostgreSQL cluster of its own (``initdb`` in ``var/bench/faults/``, as the
``postgres`` user, on ``--pg-port``), never the machine's shared server: gunicorn with the production
settings, ``--writers`` caseworkers adding notes with a unique text each, and the cluster stopped
``--restart-after`` seconds into the load and started again ``--down-for`` seconds later. Afterwards every
acknowledged note is looked up. ``recovered_after_s``: from the start of the cluster to the first
acknowledged write. ``export_disk_full`` mounts a tiny tmpfs (root), fills it and runs ``avg_export``
into it. ``concurrent_plan`` opens one plan form in two sessions and saves both at once, ``--pairs`` times
in parallel, during the same load.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import forms_of, totp

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "var" / "bench" / "faults"
PG_BIN = Path(os.environ.get("WERKROUTE_PG_BIN", "/usr/lib/postgresql/15/bin"))
TRY_AGAIN = "Probeer het over een minuut opnieuw"
STALE = "Iemand anders heeft dit intussen gewijzigd"
CLIENT_LINK = re.compile(r'href="/klanten/([0-9a-f-]{36})/"')


def add_arguments(parser: Any) -> None:
    parser.add_argument("--pg-port", type=int, default=55432)
    parser.add_argument("--port", type=int, default=8472)
    parser.add_argument("--writers", type=int, default=6, help="Caseworkers writing notes at once.")
    parser.add_argument("--duration", type=int, default=40, help="Seconds of load in the restart scenario.")
    parser.add_argument("--restart-after", type=int, default=10)
    parser.add_argument("--down-for", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=5, help="Plans saved by two caseworkers at once.")


def _as_postgres(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        ["runuser", "-u", "postgres", "--", *command],  # noqa: S607
        capture_output=True, text=True, check=False,
    )  # fmt: skip


class Cluster:
    """A throw-away PostgreSQL cluster in var/, so that restarting it harms nobody else."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.data = STATE / "pgdata"

    def start(self) -> None:
        if not (self.data / "PG_VERSION").exists():
            STATE.mkdir(parents=True, exist_ok=True)
            self.data.mkdir(exist_ok=True)
            shutil.chown(self.data, "postgres", "postgres")
            result = _as_postgres(
                str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
            )
            if result.returncode != 0:
                raise RuntimeError(result.stderr)
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=on"
        # With its output in a log file the server holds no pipe of ours open.
        log = str(self.data / "server.log")
        result = _as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", log, "-o", options, "-w", "start"
        )
        if result.returncode != 0 and "another server might be running" not in result.stderr:
            raise RuntimeError(result.stderr + result.stdout)

    def stop(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/werkroute_faults"


def _load_module() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_load_for_faults", Path(__file__).parent / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Person:
    """One logged-in caseworker, as a browser: cookies, forms with their tokens, the second factor."""

    def __init__(self, base: str, account: dict[str, str], password: str) -> None:
        import requests
        import urllib3

        urllib3.disable_warnings()
        self.base = base
        self.session = requests.Session()
        self.session.verify = False
        self.session.headers["Referer"] = f"{base}/"
        page = self.session.get(f"{base}/inloggen/", timeout=30, verify=False)
        form = next(form for form in forms_of(page.text) if "username" in form)
        form.update(username=account["username"], password=password)
        response = self.session.post(f"{base}/inloggen/", data=form, timeout=30, verify=False)
        if "/tweestaps/" in response.url:
            verify = next(form for form in forms_of(response.text) if "otp_token" in form)
            verify["otp_token"] = totp(account["key"])
            response = self.session.post(response.url, data=verify, timeout=30, verify=False)
        if "/inloggen/" in response.url or "/tweestaps/" in response.url:
            raise RuntimeError(f"login failed for {account['username']}")

    def form(self, path: str) -> dict[str, str]:
        page = self.session.get(f"{self.base}{path}", timeout=30, verify=False)
        page.raise_for_status()
        return next(form for form in forms_of(page.text) if "form_token" in form)

    def my_clients(self) -> list[str]:
        page = self.session.get(f"{self.base}/klanten/", params={"scope": "all"}, timeout=30, verify=False)
        return sorted(set(CLIENT_LINK.findall(page.text)))

    def post(self, path: str, data: dict[str, str]) -> Any:
        # verify per call: requests lets REQUESTS_CA_BUNDLE override a session's verify=False.
        return self.session.post(
            f"{self.base}{path}", data=data, timeout=30, allow_redirects=False, verify=False
        )


def _tally() -> dict[str, Any]:
    return {
        "acknowledged_writes": 0,
        "lost_writes": 0,
        "duplicate_writes": 0,
        "errors_shown": 0,
        "other_errors": 0,
    }


def _client_ids(env: dict[str, str], load: Any) -> list[str]:
    code = "from werkroute.cases.models import Client; print('\\n'.join(str(pk) for pk in Client.objects.values_list('pk', flat=True)[:200]))"
    found = load._werkroute(env, "shell", "-c", code).split()
    return [word for word in found if len(word) == 36 and word.count("-") == 4]


def _postgres_restart(
    options: dict[str, Any], env: dict[str, str], load: Any, cluster: Cluster
) -> dict[str, Any]:
    import json

    accounts = json.loads((load.STATE / "accounts.json").read_text(encoding="utf-8"))
    base = f"https://127.0.0.1:{options['port']}"
    tally = _tally()
    acknowledged: list[str] = []
    # Notes of earlier runs stay in the cluster: only this run's texts are counted.
    run_prefix = f"storingstest-{uuid.uuid4().hex[:8]}-"
    lock = threading.Lock()
    restart_at = time.monotonic() + options["restart_after"]
    stop_at = time.monotonic() + options["duration"]
    back_up: list[float] = []
    first_ack_after: list[float] = []

    def writer(number: int) -> None:
        try:
            person = Person(
                base, accounts["caseworkers"][number % len(accounts["caseworkers"])], accounts["password"]
            )
        except Exception:
            with lock:
                tally["login_failures"] = tally.get("login_failures", 0) + 1
            return
        clients = person.my_clients()
        while clients and time.monotonic() < stop_at:
            client = clients[(number * 7 + len(acknowledged)) % len(clients)]
            path = f"/klanten/{client}/notities/nieuw/"
            marker = f"{run_prefix}{uuid.uuid4().hex}"
            try:
                page = person.session.get(f"{base}{path}", timeout=30, verify=False)
                if page.status_code == 503 and TRY_AGAIN in page.text:
                    with lock:
                        tally["errors_shown"] += 1
                    time.sleep(0.5)
                    continue
                data = next(form for form in forms_of(page.text) if "form_token" in form)
                data["text"] = marker
                response = person.post(path, data)
            except Exception:  # no page at all: a dropped connection, a timeout
                with lock:
                    tally["other_errors"] += 1
                time.sleep(0.5)
                continue
            with lock:
                if response.status_code in (302, 303):
                    tally["acknowledged_writes"] += 1
                    acknowledged.append(marker)
                    if back_up and not first_ack_after:
                        first_ack_after.append(time.monotonic() - back_up[0])
                elif response.status_code == 503 and TRY_AGAIN in response.text:
                    tally["errors_shown"] += 1
                else:
                    tally["other_errors"] += 1
            time.sleep(0.2)

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(options["writers"])]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, restart_at - time.monotonic()))
    cluster.stop()
    time.sleep(options["down_for"])
    cluster.start()
    back_up.append(time.monotonic())
    for thread in threads:
        thread.join()

    import psycopg

    with psycopg.connect(cluster.url) as connection:
        rows = connection.execute(
            "SELECT text, count(*) FROM cases_note WHERE text LIKE %s GROUP BY text", [run_prefix + "%"]
        ).fetchall()
    stored = dict(rows)
    tally["lost_writes"] = sum(1 for marker in acknowledged if marker not in stored)
    tally["duplicate_writes"] = sum(1 for count in stored.values() if count > 1)
    tally["stored_without_acknowledgement"] = len(set(stored) - set(acknowledged))
    tally["recovered_after_s"] = round(first_ack_after[0], 2) if first_ack_after else None
    tally["down_for_s"] = options["down_for"]
    return tally


def _concurrent_plan(options: dict[str, Any], env: dict[str, str], load: Any) -> dict[str, Any]:
    import json

    import psycopg

    accounts = json.loads((load.STATE / "accounts.json").read_text(encoding="utf-8"))
    base = f"https://127.0.0.1:{options['port']}"
    # Two caseworkers of one municipality, and clients of theirs.
    # Two caseworkers of one municipality, each logged in once (a code of the second factor counts once).
    people = [Person(base, account, accounts["password"]) for account in accounts["caseworkers"][:2]]
    clients = people[0].my_clients()[: options["pairs"]]
    tally = _tally()
    url = env["DATABASE_URL"]

    def versions(client: str) -> int:
        with psycopg.connect(url) as connection:
            query = "SELECT count(*) FROM cases_planversion WHERE client_id = %s"
            return connection.execute(query, [client]).fetchone()[0]

    before = {client: versions(client) for client in clients}
    outcomes: list[tuple[str, int, bool]] = []
    lock = threading.Lock()

    def save(person: Person, client: str, barrier: threading.Barrier) -> None:
        path = f"/klanten/{client}/plan/nieuw/"
        try:
            data = person.form(path)
            # A plan saved as it was opened may be refused for dates that have passed; make them current.
            today = dt.date.today()
            data.update(plan_date=today.isoformat(), review_date=(today + dt.timedelta(days=90)).isoformat())
            data["reason"] = data.get("reason") or "Herziening (storingstest)"
            for key in [key for key in data if key.endswith("-target_date") and data[key]]:
                data[key] = (today + dt.timedelta(days=180)).isoformat()
            barrier.wait(timeout=120)
            response = person.post(path, data)
        except Exception:
            barrier.abort()
            with lock:
                outcomes.append((client, 0, False))
            return
        with lock:
            outcomes.append((client, response.status_code, STALE in response.text))

    for client in clients:  # pair after pair; within a pair both saves leave at the same moment
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=save, args=(person, client, barrier)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for client in clients:
        mine = [outcome for outcome in outcomes if outcome[0] == client]
        saved = sum(1 for _c, status, _s in mine if status in (302, 303))
        told = sum(1 for _c, status, stale in mine if status == 200 and stale)
        tally["acknowledged_writes"] += saved
        tally["errors_shown"] += told
        tally["other_errors"] += len(mine) - saved - told
        added = versions(client) - before[client]
        tally["lost_writes"] += max(0, saved - added)
        tally["duplicate_writes"] += max(0, added - saved)
    tally["pairs"] = len(clients)
    return tally


def _export_disk_full(env: dict[str, str], load: Any) -> dict[str, Any]:
    tally = _tally()
    mount_point = STATE / "small-disk"
    mount_point.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)],  # noqa: S607
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        return {**tally, "skipped": "mounting a tmpfs needs root"}
    try:
        with open(mount_point / "filler", "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"x" * 4096)
            except OSError:
                pass
        client = _client_ids(env, load)[0]
        target = mount_point / "inzage.json"
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "werkroute.manage", "avg_export", client, "--out", str(target)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0 and "De schijf is vol" in result.stderr:
            tally["errors_shown"] = 1
        elif result.returncode == 0:
            tally["acknowledged_writes"] = 1
            tally["lost_writes"] = 0 if target.exists() else 1
        else:
            tally["other_errors"] = 1
        tally["partial_files"] = sum(1 for path in mount_point.iterdir() if path.name != "filler")
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)  # noqa: S603, S607
    return tally


def run(options: dict[str, Any]) -> dict[str, Any]:
    if options["quick"]:
        options = {**options, "writers": 2, "duration": 12, "restart_after": 4, "down_for": 2, "pairs": 2}
    load = _load_module()
    load.STATE = STATE / "stack"
    cluster = Cluster(options["pg_port"])
    cluster.start()
    stack_options = {
        "database_url": cluster.url, "clients": 60, "caseworkers": 2, "queue_url": "", "web_processes": 2,
        "port": options["port"],
    }  # fmt: skip
    env = load._environment(stack_options)
    load._prepare(stack_options, env)
    stack = load.start_stack(env, options["port"])
    try:
        results = {
            "concurrent_plan": _concurrent_plan(options, env, load),
            "postgres_restart": _postgres_restart(options, env, load, cluster),
            "export_disk_full": _export_disk_full(env, load),
        }
    finally:
        for process in stack:
            load.stop(process)
        cluster.stop()
    return results
