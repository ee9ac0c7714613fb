"""Locust users for ``bench/load.py``: caseworkers and team leads working in the production stack.

Each simulated person logs in as a browser does (the login form, then the second factor with a code from
its authenticator key), then works: caseworkers open their caseload (with and without filters), client
files, the intake (saved unchanged), a new plan version, a new activity, the recommended placements and a
referral; team leads look at the whole caseload, the team's signals, client files and the municipality's
dashboards; each municipality's case system synchronises through the API (a token by OAuth2 client
credentials, then pages of changed clients by their cursor, single clients and the open signals). Forms
are read from the served page and sent back with their own tokens, so the one-time form tokens, CSRF
and the optimistic locking all take part. The accounts come from the JSON file named by
``WERKROUTE_BENCH_ACCOUNTS`` (written by ``bench/load.py``).
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import random
import re
import time
from typing import Any
from urllib.parse import urlencode

from _http import forms_of, totp  # locust puts this folder on the path
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

ACCOUNTS = json.loads(open(os.environ["WERKROUTE_BENCH_ACCOUNTS"], encoding="utf-8").read())  # noqa: SIM115
PASSWORD = ACCOUNTS["password"]
_caseworkers = itertools.cycle(ACCOUNTS["caseworkers"])
_team_leads = itertools.cycle(ACCOUNTS["team_leads"])
_systems = itertools.cycle(ACCOUNTS["systems"])
# Every request as one line (start, type, name, seconds, failed), and the moment every user had started, for
# ``bench/load.py``: it tells the start-up (logins) from the steady state at the full user count.
_log = open(os.environ["WERKROUTE_BENCH_REQUEST_LOG"], "w", encoding="utf-8")  # noqa: SIM115
atexit.register(_log.close)


@events.request.add_listener
def _record(request_type: str, name: str, response_time: float, exception: Any, **context: Any) -> None:
    start = context.get("start_time") or time.time() - response_time / 1000
    _log.write(json.dumps([start, request_type, name, response_time / 1000, exception is not None]) + "\n")


@events.spawning_complete.add_listener
def _all_started(user_count: int, **_: Any) -> None:
    _log.write(json.dumps(["spawned", time.time(), user_count]) + "\n")
    _log.flush()


# The time step in which each account last signed in: a code is accepted once, so a second person on the
# same account (more users than accounts) waits for the next code, as someone at the desk would.
_last_step: dict[str, int] = {}


def _fresh_code(account: dict[str, str]) -> str:
    step = int(time.time() // 30)
    if _last_step.get(account["username"], -1) >= step:
        time.sleep((step + 1) * 30 - time.time() + 0.5)
        step += 1
    _last_step[account["username"]] = step
    return totp(account["key"])


CLIENT_LINK = re.compile(r'href="/klanten/([0-9a-f-]{36})/"')
MUNICIPALITY_LINK = re.compile(r'href="(/monitoring/gemeente/GM\d{4}/)"')
CASELOAD_FILTERS = [
    {"q": "an"},
    {"q": "de"},
    {"idle": "on"},
    {"status": "paid_work"},
    {"status": "social_assistance"},
    {"scope": "all", "q": "el"},
]


class _Person(FastHttpUser):
    """A person in a browser. locust's geventhttpclient user rather than its requests one: the load is made
    on the same two cores as the service, and this client takes a fraction of the processor time."""

    abstract = True
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client_ids: list[str] = []
        account = next(self.accounts)
        page = self.client.get("/inloggen/", name="login")
        form = next(form for form in forms_of(page.text) if "username" in form)
        form.update(username=account["username"], password=PASSWORD)
        response = self._post("/inloggen/", form, "login")
        location = response.headers.get("Location", "") if response.status_code in (301, 302, 303) else ""
        if "/tweestaps/" in location:
            page = self.client.get(location, name="two_factor")
            verify = next(form for form in forms_of(page.text) if "otp_token" in form)
            verify["otp_token"] = _fresh_code(account)
            response = self._post(location, verify, "two_factor")
            location = response.headers.get("Location", "") if response.status_code in (301, 302, 303) else ""
        if not location or "/inloggen/" in location or "/tweestaps/" in location:
            # Counted as a failed request (an exception in on_start is not), then this user stops.
            events.request.fire(
                request_type="POST", name="login", response_time=0, response_length=0,
                exception=RuntimeError(f"login failed for {account['username']}"), context={},
            )  # fmt: skip
            raise StopUser

    def _post(self, path: str, data: dict[str, str], name: str) -> Any:
        """A form sent as a browser sends it: behind the TLS proxy with the page it came from (Django
        checks it on HTTPS posts), without following the redirect that acknowledges it."""
        return self.client.post(
            path, data=data, name=name, allow_redirects=False, headers={"Referer": f"{self.host}/"}
        )

    def _caseload(self, params: dict[str, str], name: str) -> None:
        path = f"/klanten/?{urlencode(params)}" if params else "/klanten/"
        with self.client.get(path, name=name, catch_response=True) as response:
            found = CLIENT_LINK.findall(response.text)
            if found:
                self.client_ids = found
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    def _a_client(self) -> str | None:
        if not self.client_ids:
            self._caseload({}, "caseload")
        return random.choice(self.client_ids) if self.client_ids else None

    def _save_form(self, path: str, name: str, fill: dict[str, str] | None = None) -> None:
        """Open a form page and send its form back; a redirect is an acknowledged write."""
        page = self.client.get(path, name=f"{name} (form)")
        forms = [
            form for form in forms_of(page.text) if "form_token" in form or "csrfmiddlewaretoken" in form
        ]
        if not forms:
            return
        data = forms[-1] | (fill or {})
        with self.client.post(
            path,
            data=data,
            name=name,
            catch_response=True,
            allow_redirects=False,
            headers={"Referer": f"{self.host}/"},
        ) as response:
            if response.status_code in (301, 302, 303):
                response.success()
            elif response.status_code == 200:
                response.success()  # the form came back with a message (e.g. a required choice): no error
            else:
                response.failure(f"status {response.status_code}")


class Caseworker(_Person):
    weight = 8
    accounts = _caseworkers

    @task(4)
    def caseload(self) -> None:
        self._caseload({}, "caseload")

    @task(3)
    def caseload_filtered(self) -> None:
        self._caseload(random.choice(CASELOAD_FILTERS), "caseload (filtered)")

    @task(6)
    def client_file(self) -> None:
        client = self._a_client()
        if client:
            self.client.get(f"/klanten/{client}/", name="client file")

    @task(1)
    def intake_edit(self) -> None:
        client = self._a_client()
        if client:
            self._save_form(f"/klanten/{client}/intake/", "intake edit")

    @task(1)
    def plan(self) -> None:
        client = self._a_client()
        if client:
            self._save_form(f"/klanten/{client}/plan/nieuw/", "plan")

    @task(1)
    def activity(self) -> None:
        client = self._a_client()
        if client:
            self._save_form(
                f"/klanten/{client}/activiteiten/nieuw/", "activity", {"title": "Taalles (belastingtest)"}
            )

    @task(2)
    def recommendations_and_referral(self) -> None:
        client = self._a_client()
        if not client:
            return
        path = f"/plaatsen/klant/{client}/"
        page = self.client.get(path, name="recommendations")
        proposals = [form for form in forms_of(page.text) if "placement" in form]
        if proposals and random.random() < 0.3:
            with self.client.post(
                path,
                data=proposals[0],
                name="referral step",
                allow_redirects=False,
                catch_response=True,
                headers={"Referer": f"{self.host}/"},
            ) as response:
                if response.status_code not in (302, 303):
                    response.failure(f"status {response.status_code}")


class TeamLead(_Person):
    weight = 1
    accounts = _team_leads

    @task(3)
    def whole_caseload(self) -> None:
        self._caseload({"scope": "all"}, "caseload (team)")

    @task(2)
    def client_file(self) -> None:
        client = self._a_client()
        if client:
            self.client.get(f"/klanten/{client}/", name="client file")

    @task(2)
    def signals(self) -> None:
        self.client.get("/opvolging/team/", name="signals (team)")

    @task(2)
    def dashboard(self) -> None:
        index = self.client.get("/monitoring/", name="monitoring index")
        links = MUNICIPALITY_LINK.findall(index.text)
        if links:
            self.client.get(links[0], name="dashboard")


class CaseSystem(FastHttpUser):
    """A municipality's case system: synchronises clients page by page and reads the open signals."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        account = next(_systems)
        response = self.client.post(
            "/api/v1/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(account["client_id"], account["secret"]),
            name="api token",
        )
        self.bearer = {"Authorization": f"Bearer {response.json()['access_token']}"}
        self.next_page: str | None = None
        self.client_ids: list[str] = []

    @task(3)
    def synchronise(self) -> None:
        url = self.next_page or "/api/v1/clients?pageSize=50"
        with self.client.get(
            url, name="api clients (page)", catch_response=True, headers=self.bearer
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            page = response.json()
            self.next_page = page.get("next")
            self.client_ids = [row["id"] for row in page["results"]] or self.client_ids

    @task(2)
    def one_client(self) -> None:
        if self.client_ids:
            self.client.get(
                f"/api/v1/clients/{random.choice(self.client_ids)}", name="api client", headers=self.bearer
            )

    @task(1)
    def open_signals(self) -> None:
        self.client.get("/api/v1/signals?status=open&pageSize=50", name="api signals", headers=self.bearer)
