"""Sizing the school hub: memory per user server and per lesson kernel, CPU per lesson run.

    .venv/bin/python benchmarks/bench_school_server.py --mirror ../shared/examples/mirror
    .venv/bin/python benchmarks/bench_school_server.py --users 1,3,5 --lessons 00-start-here,07-detectors-and-their-limits

For each N (default 1, 3, 5) it starts the hub of deploy/jupyterhub on 127.0.0.1 with N test
students (``deploy/jupyterhub/try_hub.py``), logs them all in, waits for their servers, then has
all N run the same lessons at the same moment, each in their own kernel, cell by cell through
the Jupyter server's API (``deploy/jupyterhub/hub_client.py``), as a class does. It prints, per
N and lesson:

- the memory of each user's Jupyter server (PSS: its share of the memory it uses, what adds up
  over users; and RSS, what it would use alone), before any kernel;
- the memory of each lesson's kernel after the lesson (PSS, RSS) and its peak (the most RSS it
  ever held);
- the CPU time of one lesson run (the kernel and the user's server, user + system), and the
  wall time for all N;
- the memory of the hub, its proxy and the idle culler together (once per machine).

deploy/README.md turns these figures into its sizing table. Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "deploy" / "jupyterhub")]

import hub_client  # noqa: E402
import tryout  # noqa: E402

MB = 1024 * 1024


def processes() -> dict[int, tuple[int, str]]:
    """Every process: its parent and command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                found[int(entry.name)] = (parent, (entry / "cmdline").read_text().replace("\0", " "))
            except (OSError, IndexError, ValueError):
                continue
    return found


def descendants(pid: int, table: dict[int, tuple[int, str]]) -> list[int]:
    """``pid`` and every process below it."""
    family, todo = [], [pid]
    while todo:
        p = todo.pop()
        family.append(p)
        todo += [child for child, (parent, _) in table.items() if parent == p]
    return family


def memory(pid: int) -> dict[str, float]:
    """PSS, RSS and peak RSS of one process, in MB."""
    figures = {"pss": 0.0, "rss": 0.0, "peak": 0.0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                figures["pss"] = int(line.split()[1]) * 1024 / MB
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                figures["rss"] = int(line.split()[1]) * 1024 / MB
            elif line.startswith("VmHWM:"):
                figures["peak"] = int(line.split()[1]) * 1024 / MB
    except OSError:
        pass
    return figures


def cpu(pids: list[int], children: bool = False) -> float:
    """User + system CPU seconds so far of these processes (and of their ended children)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
            total += ticks / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError):
            continue
    return total


def user_server(name: str, table: dict[int, tuple[int, str]]) -> int:
    """The process id of ``name``'s Jupyter server (it runs with JUPYTERHUB_USER=name)."""
    for pid, (_, command) in table.items():
        if "jupyterhub.singleuser" in command:
            try:
                env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if f"JUPYTERHUB_USER={name}".encode() in env:
                return pid
    raise RuntimeError(f"no server process for {name}")


def kernels(server: int, table: dict[int, tuple[int, str]]) -> list[int]:
    """The kernel processes a server started."""
    return [p for p in descendants(server, table) if "ipykernel_launcher" in table.get(p, (0, ""))[1]]


def run(student: hub_client.Student, path: str, runs: dict[str, dict], errors: list[str]) -> None:
    """Run one lesson in a student's kernel, keeping its result or its error (a thread's work)."""
    try:
        runs[student.name] = student.run_lesson(path, seconds=900)
    except hub_client.HubError as exc:
        errors.append(str(exc))


def measure(n: int, lessons: list[str], mirror: Path | None, lang: str) -> list[str]:
    """Start the hub with ``n`` students, run ``lessons`` in all their kernels; the table rows."""
    names = [f"s{i + 1}" for i in range(n)]
    args = ["--users", ",".join(names), "--teachers", "", "--french", ""]
    args += ["--mirror", str(mirror)] if mirror else []
    rows = []
    with tryout.running(ROOT / "deploy" / "jupyterhub" / "try_hub.py", *args, seconds=300) as hub:
        students = [hub_client.Student(hub["ready"], name, hub["password"]) for name in names]
        for student in students:
            student.start(seconds=300)
        time.sleep(3)  # let the servers settle after start-up
        table = processes()
        servers = {s.name: user_server(s.name, table) for s in students}
        hub_pids = [
            p
            for p, (_, c) in table.items()
            if "try_config.py" in c or "configurable-http-proxy" in c or "jupyterhub_idle_culler" in c
        ]
        base = [memory(servers[s.name]) for s in students]
        hub_mb = sum(memory(p)["pss"] for p in hub_pids)
        for lesson in lessons:
            before = {s.name: cpu([servers[s.name]]) for s in students}
            runs: dict[str, dict] = {}
            errors: list[str] = []

            path = f"lessons/{lang}/{lesson}.ipynb"
            threads = [threading.Thread(target=run, args=(s, path, runs, errors)) for s in students]
            wall = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.monotonic() - wall
            if errors:
                raise SystemExit(f"bench_school_server: {errors[0]}")
            table = processes()
            kernel_figures, cpu_runs = [], []
            for s in students:
                mine = kernels(servers[s.name], table)
                kernel_figures += [memory(k) for k in mine]
                cpu_runs.append(cpu(mine, children=True) + cpu([servers[s.name]]) - before[s.name])
                # a fresh kernel for the next lesson, as a pupil opening it gets
                s.api("DELETE", f"/user/{s.name}/api/kernels/{runs[s.name]['kernel']}")
            rows.append(
                f"{n:5} {lesson:34} {statistics.mean(b['pss'] for b in base):6.0f} "
                f"{statistics.mean(b['rss'] for b in base):6.0f} "
                f"{statistics.mean(k['pss'] for k in kernel_figures):6.0f} "
                f"{statistics.mean(k['rss'] for k in kernel_figures):6.0f} "
                f"{max(k['peak'] for k in kernel_figures):6.0f} "
                f"{statistics.mean(cpu_runs):7.1f} {wall:7.1f} {hub_mb:6.0f}"
            )
            print(rows[-1], flush=True)
        for student in students:
            student.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="1,3,5", help="numbers of students to try (default 1,3,5)")
    parser.add_argument(
        "--lessons",
        default=None,
        help="lesson notebooks to run, by name, comma-separated (default: every lesson of lessons/toc.yml, in order)",
    )
    parser.add_argument("--lang", default="en", choices=["en", "fr"])
    parser.add_argument("--mirror", type=Path, help="get the example pack from this copy")
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}; lessons run by every user at once; memory in MB, CPU and wall in s")
    print(
        f"{'users':>5} {'lesson':34} {'srvPSS':>6} {'srvRSS':>6} {'kerPSS':>6} {'kerRSS':>6} {'kerPk':>6} "
        f"{'CPU/run':>7} {'wall':>7} {'hub':>6}"
    )
    if args.lessons:
        lessons = args.lessons.split(",")
    else:
        from looktwice.lessons.source import read_toc

        lessons = [Path(name).stem for name in read_toc().lessons]
    for n in (int(x) for x in args.users.split(",")):
        measure(n, lessons, args.mirror, args.lang)


if __name__ == "__main__":
    main()
