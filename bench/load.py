"""Load: locust against the production stack on this machine (gunicorn, production settings, PostgreSQL).

Steps, each a separate process as in production: secrets for the bench only (``var/bench/load.env``,
generated once); the database (``--database-url``, created when missing) migrated and, when it holds
no clients yet, filled with ``--seed-clients`` synthetic clients by the demo simulation (under the bench's
keys) whose case files are then copied in SQL up to ``--clients`` (``bench/_replicate.py``); the demo accounts replaced by ordinary bench accounts (production refuses demo accounts): per
municipality ``--caseworkers`` caseworkers with the municipality's clients spread over them and one team
lead, each with a password and a confirmed authenticator key, since production asks every account for
its second factor; gunicorn with ``werkroute.conf.production`` on ``--port``; then locust, headless, for
``--duration`` seconds per entry of ``--users`` (e.g. ``10,25,50`` to find the knee).

Users start at ``--spawn-rate`` per second and each signs in once (the login form, the second factor; a
case system gets its token), as a team does when it starts its day. Every request is logged by the
locust file, and each step is split in two: the start-up, until every user has started and signed in,
and the steady state after it, with every user at work.

Figures: ``users``, ``requests``, ``rps``, ``p50_s``, ``p95_s``, ``p99_s`` and ``pages`` (per page:
requests, errors, rps, p50_s, p95_s) of the steady state at the largest user count; ``errors`` over the
whole step, start-up included; ``start_up`` with the same for the start-up and ``sign_in_p95_s``;
``steps`` with all of it for every user count; ``knee_users``, the first user count that misses the
target; plus ``clients``, the machine's ``cores`` and ``load_before`` (the load average when the run
started: this machine is shared, and the figures move with it).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _pages as pages  # the folder of the benchmarks, as the others import it

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "var" / "bench" / "load"
PYTHON = sys.executable
TARGET_P95_S = 0.5
BIN = Path(sys.executable).parent

REPLICATE = """
import sys
sys.path.insert(0, {bench!r})
from _replicate import replicate
print(replicate({wanted}), "clients")
"""

# Through the models, so that what hangs on a referral goes with it as the application would remove it.
FORGET_REFERRALS = """
from werkroute.placements.models import Referral
print(Referral.objects.filter(pk__gt={after}).delete())
"""

PREPARE_ACCOUNTS = """
import json, secrets
from django.db import connection, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from werkroute.accounts.models import Membership, Role, User
from werkroute.api.models import ApiClient
from werkroute.api.services import create_api_client
from werkroute.cases.models import Client
from werkroute.regions.models import Municipality, Organisation, OrganisationKind

import os
password = os.environ["BENCH_PASSWORD"]
per_municipality = int(os.environ["BENCH_CASEWORKERS"])
path = os.environ["BENCH_ACCOUNTS_PATH"]
caseworkers, team_leads, systems = [], [], []
with transaction.atomic():
    User.objects.filter(is_demo_account=True).delete()
    User.objects.filter(username__startswith="bench-").delete()
    for old in ApiClient.objects.filter(name__startswith="bench-").select_related("user", "application"):
        old.application.delete()
        old.user.delete()
    municipalities = Municipality.objects.filter(pk__in=Client.objects.values("municipality")).distinct()
    for municipality in municipalities:
        organisation, _ = Organisation.objects.get_or_create(
            name=f"Werk en inkomen {municipality.name}", kind=OrganisationKind.MUNICIPALITY,
            municipality=municipality, defaults={"region": municipality.region})
        people = []
        for number in range(per_municipality + 1):
            role = Role.TEAM_LEAD if number == per_municipality else Role.CASEWORKER
            user = User(username=f"bench-{municipality.code}-{number}")
            user.set_password(password)
            user.save()
            Membership.objects.create(user=user, organisation=organisation, role=role)
            key = secrets.token_hex(20)
            TOTPDevice.objects.create(user=user, name="bench", key=key, confirmed=True)
            entry = {"username": user.username, "key": key}
            (team_leads if role == Role.TEAM_LEAD else caseworkers).append(entry)
            if role == Role.CASEWORKER:
                people.append(user.pk)
        # The municipality's case system, synchronising through the API with read scopes.
        system, secret = create_api_client(
            organisation=organisation, name=f"bench-{municipality.code}",
            scopes=["clients:read", "signals:read", "plans:read", "activities:read"])
        systems.append({"client_id": system.application.client_id, "secret": secret})
        # Spread the municipality's clients over its caseworkers, as a team divides its caseload.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE cases_client SET caseworker_id = (%s::bigint[])[1 + (abs(hashtext(id::text)) %% %s)] "
                "WHERE municipality_id = %s", [people, len(people), municipality.pk])
with open(path, "w") as out:
    json.dump({"password": password, "caseworkers_each": per_municipality, "caseworkers": caseworkers, "team_leads": team_leads, "systems": systems}, out)
print(len(caseworkers), "caseworkers,", len(team_leads), "team leads,", len(systems), "API clients")
"""


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "WERKROUTE_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/werkroute_bench"
        ),
        help="PostgreSQL database of the bench (created when missing).",
    )
    parser.add_argument(
        "--clients", type=int, default=100_000, help="Clients to generate into an empty database."
    )
    parser.add_argument(
        "--users", default="50", help="Concurrent users, or a comma-separated series (10,25,50)."
    )
    parser.add_argument(
        "--seed-clients",
        type=int,
        default=1_000,
        help="Clients simulated into an empty database, then copied in SQL up to --clients.",
    )
    parser.add_argument(
        "--duration", type=int, default=180, help="Seconds of load per user count, start-up included."
    )
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=1.0,
        help="Users started (and signed in) per second: a team arriving at work, not all in one second.",
    )
    parser.add_argument("--port", type=int, default=8471)
    parser.add_argument("--web-processes", type=int, default=3, help="gunicorn processes (WEB_CONCURRENCY).")
    parser.add_argument("--caseworkers", type=int, default=10, help="Caseworker accounts per municipality.")
    parser.add_argument(
        "--reuse-accounts",
        action="store_true",
        help="Keep the bench accounts of an earlier run (and how the clients are spread over them).",
    )
    parser.add_argument(
        "--queue-url", default="", help="WERKROUTE_QUEUE_URL of the stack (default: SQLite file)."
    )


def _environment(options: dict[str, Any]) -> dict[str, str]:
    STATE.mkdir(parents=True, exist_ok=True)
    secrets_file = STATE / "load.env"
    if not secrets_file.exists():
        from cryptography.fernet import Fernet

        secrets_file.write_text(
            f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
            f"WERKROUTE_ENCRYPTION_KEYS={Fernet.generate_key().decode()}\n"
            f"WERKROUTE_LOOKUP_HASH_KEY={secrets.token_urlsafe(32)}\n"
            f"WERKROUTE_AUDIT_KEYS=bench1:{secrets.token_urlsafe(32)}\n"
            f"BENCH_PASSWORD={secrets.token_urlsafe(18)}\n",
            encoding="utf-8",
        )
        secrets_file.chmod(0o600)
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    for line in secrets_file.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        env[name] = value
    env.update(
        DJANGO_SETTINGS_MODULE="werkroute.conf.production",
        DATABASE_URL=options["database_url"],
        DATABASE_CONN_MAX_AGE="60",
        WERKROUTE_VAR_DIR=str(STATE),
        WERKROUTE_QUEUE_URL=options["queue_url"],
        SECURE_HSTS_SECONDS="0",
        WERKROUTE_BIND=f"127.0.0.1:{options['port']}",
        WEB_CONCURRENCY=str(options["web_processes"]),
        WERKROUTE_TLS_CERT=str(STATE / "tls.crt"),
        WERKROUTE_TLS_KEY=str(STATE / "tls.key"),
        PROMETHEUS_MULTIPROC_DIR=str(STATE / "prometheus"),
        LOG_LEVEL="WARNING",
    )
    return env


def _werkroute(env: dict[str, str], *args: str, settings: str | None = None) -> str:
    run_env = dict(env, DJANGO_SETTINGS_MODULE=settings) if settings else env
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "werkroute.manage", *args], env=run_env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"werkroute {args[0]} failed: {result.stderr[-2000:]}")
    return result.stdout


def _prepare(options: dict[str, Any], env: dict[str, str]) -> int:
    import dj_database_url
    import psycopg
    from psycopg import sql

    entry = dj_database_url.parse(options["database_url"])
    admin = {
        "host": entry["HOST"],
        "port": entry["PORT"] or 5432,
        "user": entry["USER"],
        "dbname": "postgres",
    }
    if entry["PASSWORD"]:
        admin["password"] = entry["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [entry["NAME"]]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(entry["NAME"])))
    _werkroute(env, "migrate", "--no-input")
    _werkroute(env, "collectstatic", "--no-input")
    with psycopg.connect(options["database_url"]) as connection:
        clients = connection.execute("SELECT count(*) FROM cases_client").fetchone()[0]
    if clients == 0:
        # The simulation belongs to the demo app (development settings), under the bench's own keys. It
        # writes a few hundred clients a minute, so it makes a seed population whose case files are then
        # copied in SQL up to --clients (bench/_replicate.py), as the caseload bench does.
        seed = str(min(options["clients"], options["seed_clients"]))
        _werkroute(env, "demo", "--clients", seed, settings="werkroute.conf.dev")
        with psycopg.connect(options["database_url"]) as connection:
            clients = connection.execute("SELECT count(*) FROM cases_client").fetchone()[0]
    if clients < options["clients"]:
        _werkroute(env, "shell", "-c", REPLICATE.format(bench=str(ROOT / "bench"), wanted=options["clients"]))
        with psycopg.connect(options["database_url"]) as connection:
            clients = connection.execute("SELECT count(*) FROM cases_client").fetchone()[0]
    with psycopg.connect(options["database_url"], autocommit=True) as connection:
        # As autovacuum would after a bulk load: statistics for the planner, and the visibility map that
        # lets a count or a deep page be answered from an index alone.
        connection.execute("VACUUM ANALYZE")
    accounts = STATE / "accounts.json"
    if not (
        options["reuse_accounts"]
        and _accounts_exist(options["database_url"], accounts, options["caseworkers"])
    ):
        accounts_env = dict(
            env, BENCH_CASEWORKERS=str(options["caseworkers"]), BENCH_ACCOUNTS_PATH=str(accounts)
        )
        _werkroute(accounts_env, "shell", "-c", PREPARE_ACCOUNTS)
    _forget_earlier_referrals(env, options["database_url"])
    if not (STATE / "tls.crt").exists():
        subprocess.run(  # noqa: S603
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",  # noqa: S607
             "-keyout", str(STATE / "tls.key"), "-out", str(STATE / "tls.crt")],
            check=True, capture_output=True,
        )  # fmt: skip
    return int(clients)


def _forget_earlier_referrals(env: dict[str, str], database_url: str) -> None:
    """Remove the referrals that earlier runs proposed, so every run finds placements to propose: the
    recommendations page offers no proposal for a placement a client was already put forward for, and a
    caseworker keeps to the first page of the caseload, so repeated runs lost their referral step. The
    referrals of the data set itself are those up to the highest id seen on the first run."""
    import psycopg

    path = STATE / f"referrals-{psycopg.conninfo.conninfo_to_dict(database_url).get('dbname', 'bench')}.txt"
    if not path.exists():
        with psycopg.connect(database_url) as connection:
            highest = connection.execute("SELECT coalesce(max(id), 0) FROM placements_referral").fetchone()[0]
        path.write_text(str(highest), encoding="utf-8")
        return
    _werkroute(env, "shell", "-c", FORGET_REFERRALS.format(after=int(path.read_text(encoding="utf-8"))))


def _accounts_exist(database_url: str, path: Path, caseworkers: int) -> bool:
    """Whether every account of an earlier run's ``accounts.json`` is still in the database."""
    import json

    import psycopg

    if not path.exists():
        return False
    accounts = json.loads(path.read_text())
    if "systems" not in accounts or accounts.get("caseworkers_each") != caseworkers:
        return False  # another number of accounts, or written before the bench had API clients
    names = [entry["username"] for key in ("caseworkers", "team_leads") for entry in accounts[key]]
    with psycopg.connect(database_url) as connection:
        found = connection.execute(
            "SELECT count(*) FROM accounts_user WHERE username = ANY(%s)", [names]
        ).fetchone()[0]
    return bool(names) and found == len(names)


def _wait_ready(port: int, seconds: float = 120) -> None:
    context = ssl._create_unverified_context()  # noqa: S323 - the bench's own self-signed certificate
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"https://127.0.0.1:{port}/health/ready/", context=context, timeout=5
            ):
                return
        except OSError:
            time.sleep(1)
    raise RuntimeError("gunicorn did not become ready")


def start_stack(env: dict[str, str], port: int) -> list[subprocess.Popen]:
    """gunicorn and the job worker, as the production stack runs them: the pages enqueue tasks (notifications,
    signals), and without a worker their backlog would make the service report itself not ready."""
    (STATE / "prometheus").mkdir(parents=True, exist_ok=True)
    worker = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "werkroute.manage", "run_huey"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(STATE / "worker.log", "ab"),  # noqa: SIM115
    )  # fmt: skip
    web = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py")],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(STATE / "gunicorn.log", "ab"),  # noqa: SIM115
    )  # fmt: skip
    try:
        _wait_ready(port)
    except RuntimeError:
        stop(web)
        stop(worker)
        raise
    return [web, worker]


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# Requests of signing in: each simulated person makes them once, when it starts.
START_UP_NAMES = frozenset({"login", "two_factor", "api token"})


def _percentile(seconds: list[float], share: float) -> float | None:
    return pages.percentile(seconds, share) if seconds else None


def _figures(rows: list[tuple[float, str, str, float, bool]], seconds: float) -> dict[str, Any]:
    times = [row[3] for row in rows]
    return {
        "requests": len(rows),
        "errors": sum(1 for row in rows if row[4]),
        "rps": round(len(rows) / seconds, 2) if seconds > 0 else None,
        "p50_s": _percentile(times, 0.50),
        "p95_s": _percentile(times, 0.95),
        "p99_s": _percentile(times, 0.99),
    }


def step_figures(log: list[list[Any]]) -> dict[str, Any]:
    """Figures of one step from the locust file's request log.

    The start-up, while users are still being started and sign in, is told apart from the steady state
    that follows, when every user works at once: a person signs in once a working day, not once a
    minute as in a short step, so the steady state is what ``p95_s`` and the pages report, and the
    start-up (with the signing in, an Argon2 hash each) is reported beside it. ``errors`` counts both.
    """
    spawned = next((entry[1] for entry in log if entry[0] == "spawned"), None)
    rows = [
        (float(a), str(b), str(c), float(d), bool(e))
        for a, b, c, d, e in (x for x in log if x[0] != "spawned")
    ]
    if not rows:
        return {
            "requests": 0,
            "errors": 0,
            "rps": None,
            "p50_s": None,
            "p95_s": None,
            "p99_s": None,
            "pages": {},
        }
    signed_in = max((start + took for start, _, name, took, _ in rows if name in START_UP_NAMES), default=0.0)
    steady_from = max(spawned or rows[0][0], signed_in)
    steady = [row for row in rows if row[0] >= steady_from]
    start_up = [row for row in rows if row[0] < steady_from]
    end = max(start + took for start, *_, took, _ in rows)
    by_page: dict[str, list[tuple[float, str, str, float, bool]]] = {}
    for row in steady:
        by_page.setdefault(f"{row[1]} {row[2]}", []).append(row)
    steady_s = end - steady_from
    return {
        **_figures(steady, steady_s),
        "errors": sum(1 for row in rows if row[4]),
        "steady_s": round(steady_s, 1),
        "pages": {
            name: {k: v for k, v in _figures(page, steady_s).items() if k != "p99_s"}
            for name, page in sorted(by_page.items())
        },
        "start_up": {
            **{k: v for k, v in _figures(start_up, steady_from - rows[0][0]).items() if k != "p99_s"},
            "seconds": round(steady_from - rows[0][0], 1),
            "sign_in_p95_s": _percentile([row[3] for row in start_up if row[2] in START_UP_NAMES], 0.95),
        },
    }


def run_locust(env: dict[str, str], users: int, options: dict[str, Any]) -> dict[str, Any]:
    log_path = STATE / f"locust-{users}-requests.jsonl"
    load_before = os.getloadavg()[0]
    locust_env = dict(
        env, WERKROUTE_BENCH_ACCOUNTS=str(STATE / "accounts.json"), WERKROUTE_BENCH_REQUEST_LOG=str(log_path)
    )
    result = subprocess.run(  # noqa: S603
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "_load_locustfile.py"), "--headless",
         "--users", str(users), "--spawn-rate", str(options["spawn_rate"]),
         "--run-time", f"{options['duration']}s", "--host", f"https://127.0.0.1:{options['port']}",
         "--only-summary", "--stop-timeout", "10", "--exit-code-on-error", "0"],
        env=locust_env, capture_output=True, text=True, check=False, timeout=options["duration"] + 300,
    )  # fmt: skip
    (STATE / f"locust-{users}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    with open(log_path, encoding="utf-8") as lines:
        log = [json.loads(line) for line in lines if line.strip()]
    # The machine's load average beside each step: on a shared machine the figures move with it.
    return {
        "users": users,
        **step_figures(log),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def run(options: dict[str, Any]) -> dict[str, Any]:
    if options["quick"]:
        options = {**options, "clients": 300, "users": "3", "duration": 10, "caseworkers": 1}
    env = _environment(options)
    load_before = os.getloadavg()[0]
    clients = _prepare(options, env)
    stack = start_stack(env, options["port"])
    steps = []
    try:
        for users in [int(number) for number in str(options["users"]).split(",")]:
            steps.append(run_locust(env, users, options))
    finally:
        for process in stack:
            stop(process)
    last = steps[-1]
    # The knee: the first user count where the target (no errors, p95 under TARGET_P95_S) no longer holds.
    missed = [step["users"] for step in steps if step["errors"] or (step["p95_s"] or 0) >= TARGET_P95_S]
    return {
        "target_p95_s": TARGET_P95_S,
        "knee_users": missed[0] if missed else None,
        **{key: last[key] for key in ("users", "requests", "errors", "rps", "p50_s", "p95_s", "p99_s")},
        "steady_s": last["steady_s"],
        "pages": last["pages"],
        "start_up": last["start_up"],
        "steps": steps if len(steps) > 1 else [],
        "clients": clients,
        "duration_s_per_step": options["duration"],
        "web_processes": options["web_processes"],
        "cores": os.cpu_count(),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }
