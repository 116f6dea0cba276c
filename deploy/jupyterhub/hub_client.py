"""Use the hub as a student does, from a script: log in, wait for the server, run a lesson.

    .venv/bin/python deploy/jupyterhub/hub_client.py http://127.0.0.1:8000/ ada PASSWORD
    .venv/bin/python deploy/jupyterhub/hub_client.py URL ada PASSWORD --lesson lessons/en/00-start-here.ipynb

A technician's check that a hub works end to end, also used by the tests and by
``benchmarks/bench_school_server.py``. It logs in through the hub's login form, starts the
user's server, lists their lessons folder through the Jupyter server's REST API (contents), then
opens the lesson as a notebook session (REST API, sessions) and runs each of its code cells in
the user's kernel through the kernel's WebSocket channel, stopping at the first cell that fails.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid

import httpx
import websocket  # websocket-client, which Jupyter Server itself depends on


class HubError(RuntimeError):
    """The hub or a user's server did not do what a student's browser expects."""


class Student:
    """One user of the hub, logged in through its login form.

    Parameters
    ----------
    hub : str
        The hub's address, e.g. ``http://127.0.0.1:8000/``.
    name, password : str
        The user's name and password.
    timeout : float
        Seconds any one request may take.
    """

    def __init__(self, hub: str, name: str, password: str, timeout: float = 60) -> None:
        self.hub, self.name = hub.rstrip("/"), name
        self.http = httpx.Client(base_url=self.hub, timeout=timeout, follow_redirects=True)
        self.http.get("/hub/login").raise_for_status()
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")
        r = self.http.post("/hub/login", data={"username": name, "password": password, "_xsrf": xsrf})
        if r.status_code >= 400 or "jupyterhub-session-id" not in self.http.cookies:
            raise HubError(f"{name} could not log in (HTTP {r.status_code})")
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")  # a new one, bound to the session
        r = self.http.post(
            f"/hub/api/users/{name}/tokens",
            headers={"X-XSRFToken": xsrf},
            json={"note": "hub_client", "expires_in": 3600},
        )
        r.raise_for_status()
        self.token = r.json()["token"]
        self.headers = {"Authorization": f"token {self.token}"}

    def api(self, method: str, path: str, **kwargs) -> httpx.Response:
        """Call the hub's or the user's server's REST API with the user's token."""
        r = self.http.request(method, path, headers=self.headers, **kwargs)
        if r.status_code >= 400:
            raise HubError(f"{method} {path}: HTTP {r.status_code} {r.text[:300]}")
        return r

    def start(self, seconds: float = 180) -> float:
        """Start the user's server if it is not running; return the seconds until it answered."""
        begin = time.monotonic()
        if not self.api("GET", f"/hub/api/users/{self.name}").json().get("servers"):
            self.api("POST", f"/hub/api/users/{self.name}/server")
        while time.monotonic() - begin < seconds:
            server = self.api("GET", f"/hub/api/users/{self.name}").json().get("servers", {}).get("")
            if server is None:  # the spawn failed: the hub's log says why
                raise HubError(f"the server of {self.name} failed to start")
            if server.get("ready"):
                return time.monotonic() - begin
            time.sleep(0.5)
        raise HubError(f"the server of {self.name} was not ready within {seconds:.0f} s")

    def listing(self, path: str) -> list[str]:
        """The names in a folder of the user's home, through the contents API."""
        r = self.api("GET", f"/user/{self.name}/api/contents/{path}")
        return sorted(item["name"] for item in r.json()["content"])

    def run_lesson(self, path: str, seconds: float = 300) -> dict:
        """Run every code cell of the notebook at ``path`` in a new kernel of the user.

        Returns
        -------
        dict
            ``kernel`` (its id), ``cells`` (code cells run) and ``seconds`` (wall time).

        Raises
        ------
        HubError
            If a cell fails (with the error's name and value) or the run takes too long.
        """
        notebook = self.api("GET", f"/user/{self.name}/api/contents/{path}").json()["content"]
        session = self.api(
            "POST",
            f"/user/{self.name}/api/sessions",
            json={"path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook", "kernel": {"name": "python3"}},
        ).json()
        kernel = session["kernel"]["id"]
        begin = time.monotonic()
        channel = self.channel(kernel, seconds)
        cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
        try:
            for cell in cells:
                code = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                self.execute(channel, code, begin + seconds)
        finally:
            channel.close()
        return {"kernel": kernel, "cells": len(cells), "seconds": time.monotonic() - begin}

    def channel(self, kernel: str, seconds: float) -> websocket.WebSocket:
        """The WebSocket channel of one of the user's kernels, through the hub's proxy."""
        url = self.hub.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/{kernel}/channels"
        return websocket.create_connection(url, header=[f"Authorization: token {self.token}"], timeout=seconds)

    def execute(self, channel: websocket.WebSocket, code: str, deadline: float) -> list[dict]:
        """Send one execute request and wait for its reply; the outputs it produced."""
        msg_id = uuid.uuid4().hex
        channel.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": self.name,
                        "session": uuid.uuid4().hex,
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        outputs, reply, idle = [], None, False
        while reply is None or not idle:  # the reply (shell) and the outputs (iopub) may cross
            if time.monotonic() > deadline:
                raise HubError(f"{self.name}: the lesson did not finish in time")
            channel.settimeout(max(1.0, deadline - time.monotonic()))
            raw = channel.recv()
            if isinstance(raw, bytes):  # binary frames carry widgets' buffers, not replies
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind in ("stream", "execute_result", "display_data", "error"):
                outputs.append(msg["content"])
            elif kind == "execute_reply":
                reply = msg["content"]
            elif kind == "status" and msg["content"].get("execution_state") == "idle":
                idle = True
        if reply["status"] != "ok":
            raise HubError(f"{self.name}: a cell failed: {reply.get('ename')}: {reply.get('evalue')}")
        return outputs

    def run_code(self, code: str, seconds: float = 60) -> str:
        """Run ``code`` in a new kernel of the user and return what it printed."""
        kernel = self.api("POST", f"/user/{self.name}/api/kernels", json={"name": "python3"}).json()["id"]
        channel = self.channel(kernel, seconds)
        try:
            outputs = self.execute(channel, code, time.monotonic() + seconds)
        finally:
            channel.close()
            self.api("DELETE", f"/user/{self.name}/api/kernels/{kernel}")
        return "".join(o.get("text", "") for o in outputs)

    def close(self) -> None:
        """Forget the session (the server keeps running until stopped or culled)."""
        self.http.close()


def main(argv: list[str] | None = None) -> int:
    """Log in, start the server, list the lessons, optionally run one."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("hub", help="the hub's address")
    parser.add_argument("user")
    parser.add_argument("password")
    parser.add_argument("--lesson", help="a notebook to run, e.g. lessons/en/00-start-here.ipynb")
    args = parser.parse_args(argv)
    student = Student(args.hub, args.user, args.password)
    print(f"{args.user}: logged in; server ready in {student.start():.1f} s")
    for lang in student.listing("lessons"):
        print(f"  lessons/{lang}: {', '.join(student.listing('lessons/' + lang))}")
    if args.lesson:
        run = student.run_lesson(args.lesson)
        print(f"  {args.lesson}: {run['cells']} code cells ran in {run['seconds']:.1f} s")
    student.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
