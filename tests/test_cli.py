"""The `looktwice` command, run as a real process, as a teacher would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources

import jsonschema
from conftest import encode, photo_like

SCHEMA = json.loads(resources.files("looktwice").joinpath("report.schema.json").read_text())


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "looktwice", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_inspect_prints_a_readable_report(tmp_path):
    path = tmp_path / "holiday.jpg"
    path.write_bytes(encode(photo_like(), "JPEG", quality=90))
    out = run("inspect", str(path))
    assert out.returncode == 0, out.stderr
    assert "Look Twice — holiday.jpg (JPEG, 512 x 384 pixels" in out.stdout
    for heading in ("What Look Twice found", "Evidence", "Each analysis", "Finding nothing proves nothing"):
        assert heading in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_inspect_in_french(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(encode(photo_like(), "PNG"))
    out = run("inspect", str(path), "--lang", "fr")
    assert out.returncode == 0
    text = " ".join(out.stdout.split())  # the report is wrapped at 88 columns
    assert "Ce que Look Twice a trouvé" in text and "Ne rien trouver ne prouve rien" in text


def test_json_output_follows_the_schema_and_keeps_going_after_a_bad_file(tmp_path):
    good = tmp_path / "good.png"
    good.write_bytes(encode(photo_like(), "PNG"))
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not really a jpeg")
    out = run("inspect", str(bad), str(good), "--json")
    assert out.returncode == 1  # one file could not be opened
    document = json.loads(out.stdout)
    jsonschema.validate(document, SCHEMA)
    error, report = document["reports"]
    assert "not an image" in error["error"]["en"]
    assert report["image"]["name"] == "good.png" and report["image"]["width"] == 512


def test_pictures_are_saved(tmp_path):
    path = tmp_path / "scene.png"
    path.write_bytes(encode(photo_like(), "PNG"))
    out = run("inspect", str(path), "--pictures", str(tmp_path / "pics"))
    assert out.returncode == 0
    names = {p.name for p in (tmp_path / "pics").iterdir()}
    assert {"scene-ela.png", "scene-noise.png", "scene-spectrum.png", "scene-zoom.png"} <= names


def test_builtin_example_needs_no_file():
    out = run("inspect", "--example", "coffee")
    assert out.returncode == 0, out.stderr
    assert "coffee" in out.stdout.lower()


def test_usage_errors_are_short(tmp_path):
    out = run("inspect")
    assert out.returncode == 2 and "IMAGE" in out.stderr and "Traceback" not in out.stderr
    out = run("inspect", str(tmp_path / "missing.png"))
    assert out.returncode == 1 and "No file called" in out.stdout


def test_a_file_that_takes_too_long_is_stopped_with_a_clear_message(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(encode(photo_like(), "PNG"))
    good = tmp_path / "good.png"
    good.write_bytes(encode(photo_like(seed=3), "PNG"))
    out = run("inspect", str(path), "--timeout", "0.001", "--lang", "fr")
    assert out.returncode == 1
    assert "Arrêté au bout de 0.001 secondes" in out.stdout and "Traceback" not in out.stdout + out.stderr
    # one stopped file does not stop the next
    out = run("inspect", str(path), str(good), "--json", "--timeout", "0.001")
    reports = json.loads(out.stdout)["reports"]
    assert all("Stopped after" in r["error"]["en"] for r in reports) and len(reports) == 2


def test_a_file_that_needs_too_much_memory_is_stopped(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(encode(photo_like(), "PNG"))
    out = run("inspect", str(path), "--memory", "40")
    assert out.returncode == 1 and "needed more than 40 MB" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_limits_can_be_lifted(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(encode(photo_like(), "PNG"))
    out = run("inspect", str(path), "--timeout", "0", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["reports"][0]["image"]["width"] == 512
