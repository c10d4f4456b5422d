"""Twenty editors at once, each in its own thread with its own session, as browsers would."""

import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

FINDINGS = ["compliant", "partially_compliant", "not_compliant", "not_applicable"]
VERSION = re.compile(r'name="version" value="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HTMX = {"HX-Request": "true"}
# One save in five goes to an item every editor shares, where conflicts happen.
SHARED_SHARE = 0.2


@dataclass
class Tally:
    """What one editor saw; the run adds them up."""

    latencies: dict[str, list[float]] = field(
        default_factory=lambda: {"login": [], "read": [], "save": []}
    )
    acknowledged: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Editor:
    def __init__(self, base: str, username: str, password: str, assessment: int, own, shared):
        self.base = base
        self.username = username
        self.password = password
        self.checklist = f"{base}/assessments/{assessment}/"
        self.own = own
        self.shared = shared
        self.http = requests.Session()
        self.tally = Tally()
        self.versions: dict[int, int] = {}
        self.saves = 0

    def request(self, kind: str, method: str, url: str, **options) -> requests.Response | None:
        started = time.perf_counter()
        try:
            answer = self.http.request(method, url, timeout=60, allow_redirects=False, **options)
        except requests.RequestException as problem:
            self.tally.errors.append(f"{method} {url}: {problem}")
            return None
        self.tally.latencies[kind].append(time.perf_counter() - started)
        if answer.status_code >= 500 or "database is locked" in answer.text:
            self.tally.errors.append(f"{method} {url}: {answer.status_code}")
        return answer

    def log_in(self) -> bool:
        """Through the real login form: its CSRF token, then the POST."""
        form = self.request("login", "GET", f"{self.base}/accounts/login/")
        if form is None or not (token := CSRF.search(form.text)):
            self.tally.errors.append(f"{self.username}: no login form")
            return False
        answer = self.request(
            "login",
            "POST",
            f"{self.base}/accounts/login/",
            data={
                "login": self.username,
                "password": self.password,
                "csrfmiddlewaretoken": token.group(1),
                "next": "/",
            },
        )
        if answer is None or answer.status_code != 302:
            self.tally.errors.append(f"{self.username}: login refused")
            return False
        return True

    def current_version(self, item: int) -> int | None:
        """Read the row as htmx does after "take theirs": its form holds the version."""
        answer = self.request("read", "GET", f"{self.checklist}items/{item}/", headers=HTMX)
        found = answer is not None and answer.status_code == 200 and VERSION.search(answer.text)
        if not found:
            self.tally.errors.append(f"{self.username}: could not read item {item}")
            return None
        return int(found.group(1))

    def save(self, item: int) -> None:
        version = self.versions.get(item)
        if version is None:
            version = self.current_version(item)
            if version is None:
                return
        self.saves += 1
        finding = random.choice(FINDINGS)
        evidence = f"{self.username} save {self.saves} {uuid.uuid4().hex}"
        answer = self.request(
            "save",
            "POST",
            f"{self.checklist}items/{item}/",
            headers={**HTMX, "X-CSRFToken": self.http.cookies.get("csrftoken", "")},
            data={
                "finding": finding,
                "evidence": evidence,
                "notes": f"checked by {self.username}",
                "version": version,
                "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", ""),
            },
        )
        if answer is None:
            self.versions.pop(item, None)
            return
        if answer.status_code == 200:
            saved = {"editor": self.username, "item": item, "version": version}
            self.tally.acknowledged.append({**saved, "finding": finding, "evidence": evidence})
            # On its own items nobody else writes, so the next version is known; a shared
            # item is read again before the next save, as a person reloading would.
            if item in self.own:
                self.versions[item] = version + 1
            else:
                self.versions.pop(item, None)
        elif answer.status_code == 409:
            self.tally.conflicts.append({"editor": self.username, "item": item, "version": version})
            self.versions.pop(item, None)
        else:
            self.tally.errors.append(f"POST item {item}: {answer.status_code}")
            self.versions.pop(item, None)

    def run(self, everyone_in: threading.Barrier, started: list[float], seconds: float) -> None:
        logged_in = self.log_in()
        # Logins hash a password (about half a second of CPU each): time the saves only once
        # everyone is in, so the figures describe people at work, not twenty logins at once.
        everyone_in.wait()
        if not logged_in:
            return
        while time.monotonic() < started[0] + seconds:
            pool = self.shared if random.random() < SHARED_SHARE else self.own
            self.save(random.choice(pool))


def drive(base: str, setup: dict, seconds: float) -> tuple[list[Tally], float]:
    """All editors log in, then save at once for ``seconds``; their tallies and the time taken."""
    editors = [
        Editor(base, username, setup["password"], setup["assessment"], own, setup["shared"])
        for username, own in setup["editors"].items()
    ]
    started: list[float] = []
    everyone_in = threading.Barrier(len(editors), action=lambda: started.append(time.monotonic()))
    threads = [
        threading.Thread(target=editor.run, args=(everyone_in, started, seconds))
        for editor in editors
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [editor.tally for editor in editors], time.monotonic() - started[0]
