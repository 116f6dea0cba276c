"""The classroom demo's API, driven with gradio_client against the app served on 127.0.0.1.

The app is built by :func:`looktwice.classroom.build_app` and launched in this process on a
free port. Each tab's endpoint is called the way a browser
calls it: inspect a built-in and an uploaded image, bad uploads (a text file, a truncated
PNG) that must come back as a friendly message while the server keeps serving, a quiz round,
"break the evidence", the language switch, and classroom mode, which refuses uploads.
"""

from __future__ import annotations

import os
import re
import urllib.request
from pathlib import Path

import pytest
from conftest import encode, free_port, photo_like
from demo_pages import wait_until_served

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

ENDPOINTS = {
    "/inspect_example",
    "/inspect_upload",
    "/zoom",
    "/quiz_start",
    "/quiz_answer",
    "/quiz_next",
    "/quiz_again",
    "/class_results",
    "/break_evidence",
    "/set_language",
}
NOT_AN_IMAGE = "This file is not an image Look Twice can read"
DAMAGED = "The image file is damaged or cut short"
FAKE_PERCENT = re.compile(r"\d+\s*%\s*(fake|faux|fausse|AI|IA|generated|générée)", re.IGNORECASE)


@pytest.fixture(scope="module")
def env(pack_download, tmp_path_factory):
    """The pack pictures as the kit's cache, and a data directory of its own, for the module."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LOOKTWICE_CACHE_DIR", str(pack_download))
    data = tmp_path_factory.mktemp("demo-data")
    mp.setenv("LOOKTWICE_DATA_DIR", str(data))
    yield data
    mp.undo()


@pytest.fixture(scope="module")
def app_module():
    from looktwice.classroom import app

    return app


def _serve(app_module, **options):
    demo = app_module.build_app(**options)
    port = free_port()
    app_module.launch_app(demo, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    return demo, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def server(env, app_module):
    demo, url = _serve(app_module, store=env / "class.sqlite")
    yield url
    demo.close()


@pytest.fixture(scope="module")
def classroom_server(env, app_module):
    demo, url = _serve(
        app_module, classroom=True, quiz_set="friday", quiz_session="post", store=env / "classroom.sqlite"
    )
    yield url
    demo.close()


@pytest.fixture
def client(server, tmp_path):
    return Client(server, verbose=False, analytics_enabled=False, download_files=str(tmp_path / "downloads"))


def value(output):
    """An output's value: components returned as updates arrive as dicts."""
    return output.get("value") if isinstance(output, dict) else output


def inspect_parts(outputs) -> dict:
    names = [
        "preview",
        "spectrum",
        "noise",
        "ela",
        "detector",
        "zoom",
        "credit",
        "findings",
        "declared",
        "spectrum_text",
        "noise_text",
        "ela_text",
        "detector_text",
        "zoom_text",
        "summary",
        "close_up",
    ]
    return dict(zip(names, outputs))


def assert_honest_report(parts: dict) -> None:
    assert "Finding nothing proves nothing" in parts["summary"] or "Ne rien trouver ne prouve rien" in parts["summary"]
    for key in ("preview", "spectrum", "noise", "ela", "detector", "zoom"):
        path = value(parts[key])
        assert path and Path(path).is_file(), key
    for key in ("summary", "declared", "findings", "spectrum_text", "noise_text", "ela_text", "detector_text"):
        assert not FAKE_PERCENT.search(parts[key]), parts[key]


def assert_friendly(error: AppError, expected: str) -> None:
    message = str(error)
    assert expected in message
    assert "Traceback" not in message and 'File "' not in message


# --- inspect ----------------------------------------------------------------------------------


def test_every_tab_has_its_named_endpoint(client):
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == ENDPOINTS


def test_inspect_a_builtin_example(client):
    parts = inspect_parts(client.predict("real_coffee_cup", "en", api_name="/inspect_example"))
    assert_honest_report(parts)
    assert "Source and licence:" in parts["credit"] and "CC0" in parts["credit"]
    assert "Content Credentials (C2PA)" in parts["declared"]
    assert "Limit:" in parts["findings"]  # each finding with where it fails
    assert parts["detector_text"].startswith("**Detector score")
    assert "IPTC" in parts["declared"] and "watermark" in parts["declared"]
    assert parts["spectrum_text"].startswith("**")  # headline, then the explanation
    assert value(parts["close_up"]) is None


def test_the_findings_arrive_first_then_every_picture(server):
    """The inspect endpoints answer in two steps, over the plain HTTP API a page uses: the
    findings and the picture first (the analysis pictures cleared), then every picture with
    the detector's card; the last step is the whole answer."""
    import secrets
    import sys

    import httpx

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from load_demo import http_result

    session = secrets.token_hex(6)
    with httpx.Client(base_url=server, timeout=120) as http:
        http_result(http, "set_language", ["en", None, None, None], session)
        data = encode(photo_like(900, 600, seed=11), "JPEG", quality=90)
        r = http.post("gradio_api/upload", files={"files": ("steps.jpg", data, "image/jpeg")})
        r.raise_for_status()
        steps: list = []
        upload = {"path": r.json()[0], "meta": {"_type": "gradio.FileData"}}
        final = http_result(http, "inspect_upload", [upload, "en"], session, steps)
    assert len(steps) == 2 and steps[0][0] < steps[1][0]
    first, second = (inspect_parts(outputs) for _, outputs in steps)
    assert first["preview"]["url"]
    assert all(first[key] is None for key in ("spectrum", "noise", "ela", "detector", "zoom"))
    assert first["findings"] and "Still measuring: detector" in first["findings"]
    assert first["ela_text"].startswith("_Still measuring") and "Grain level" in first["noise_text"]
    assert "IPTC" in first["declared"] and "steps\\.jpg" in first["credit"]
    for key in ("spectrum", "noise", "ela", "detector", "zoom"):
        assert second[key]["url"], key
    assert second["detector_text"].startswith("**Detector score") and "Still measuring" not in second["findings"]
    assert "detector" in second["findings"] and "detector" not in first["findings"].split("Still measuring")[0]
    assert inspect_parts(final) == second


def test_inspect_an_upload_and_forget_it(client, tmp_path):
    upload = tmp_path / "my-holiday-photo-5b1c.png"
    upload.write_bytes(encode(photo_like(640, 480, seed=3)))
    parts = inspect_parts(client.predict(handle_file(str(upload)), "fr", api_name="/inspect_upload"))
    assert_honest_report(parts)
    assert "my\\-holiday\\-photo\\-5b1c\\.png" in parts["credit"]
    assert "Votre propre image" in parts["credit"]
    # the uploaded file was deleted from Gradio's upload folder as soon as it was read
    gradio_tmp = Path(os.environ["GRADIO_TEMP_DIR"])
    assert not [p for p in gradio_tmp.rglob("my-holiday-photo-5b1c.png")]


@pytest.mark.parametrize(
    ("name", "data", "lang", "expected"),
    [
        ("notes.txt", b"hello, this is not a picture\n", "en", NOT_AN_IMAGE),
        ("fake.png", b"<html>not a png</html>" * 20, "en", NOT_AN_IMAGE),
        ("cut.png", None, "en", DAMAGED),
        ("cut-fr.png", None, "fr", "Le fichier image est abîmé"),
    ],
)
def test_bad_uploads_get_a_friendly_message_and_the_server_keeps_serving(client, tmp_path, name, data, lang, expected):
    if data is None:
        whole = encode(photo_like(320, 240, seed=1))
        data = whole[: len(whole) // 2]
    bad = tmp_path / name
    bad.write_bytes(data)
    with pytest.raises(AppError) as caught:
        client.predict(handle_file(str(bad)), lang, api_name="/inspect_upload")
    assert_friendly(caught.value, expected)
    # the next request is served normally
    parts = inspect_parts(client.predict("chelsea", "en", api_name="/inspect_example"))
    assert "Chelsea" in parts["credit"]


def test_unknown_example_is_refused_politely(client):
    with pytest.raises(AppError) as caught:
        client.predict("no_such_picture", "en", api_name="/inspect_example")
    assert_friendly(caught.value, "There is no example called")


def test_magnifier(client):
    with pytest.raises(AppError) as caught:
        client.predict(50, 50, 4, "en", api_name="/zoom")
    assert_friendly(caught.value, "Look at a picture first")
    client.predict("real_rocket_launchpad", "en", api_name="/inspect_example")
    out = client.predict(10, 90, 8, "en", api_name="/zoom")
    assert Path(value(out)).is_file()
    assert "enlarged 8 times" in out["alt_text"]
    from PIL import Image

    with Image.open(value(out)) as im:
        assert im.size == (384, 384)


# --- the quiz ---------------------------------------------------------------------------------


# Buttons are not part of the API's outputs (the browser tests check them).
ROUND = [
    "picture",
    "note",
    "progress",
    "answer",
    "confidence",
    "verdict",
    "tells",
    "tell_text",
    "results",
    "chart",
    "review_head",
    "review",
]
ANSWERED = ["verdict", "tells", "tell_text", "progress", "answer", "confidence"]


def play_round(client, session: str, answer: str = "generated", lang: str = "en", start: str = "/quiz_start"):
    """A whole round; returns the number of pictures, each answer's outputs, the end screen and
    the first picture's path."""
    out = dict(zip(ROUND, client.predict("set-a", session, lang, api_name=start)))
    first = value(out["picture"])
    total = int(re.search(r"(?:of|sur) (\d+)", out["progress"]).group(1))
    answered = []
    for i in range(total):
        assert Path(value(out["picture"])).is_file()
        assert (f"Picture {i + 1} of {total}" if lang == "en" else f"Image {i + 1} sur {total}") in out["progress"]
        answered.append(dict(zip(ANSWERED, client.predict(answer, 80, lang, api_name="/quiz_answer"))))
        out = dict(zip(ROUND, client.predict(lang, api_name="/quiz_next")))
    return total, answered, out, first


def test_a_quiz_round(client):
    with pytest.raises(AppError) as caught:
        client.predict("real", 80, "en", api_name="/quiz_answer")
    assert_friendly(caught.value, "Press Start")
    client.predict("set-a", "practice", "en", api_name="/quiz_start")
    with pytest.raises(AppError) as caught:
        client.predict("en", api_name="/quiz_next")
    assert_friendly(caught.value, "Pick an answer first")
    with pytest.raises(AppError):
        client.predict(None, 80, "en", api_name="/quiz_answer")

    total, answered, final, _ = play_round(client, "practice")
    assert total >= 8
    right = sum(a["verdict"].startswith("### ✓") for a in answered)
    assert right == total // 2  # answering "generated" every time: the set is balanced
    for a in answered:
        assert "This picture is **" in a["verdict"]
        assert "Source and licence:" in a["tell_text"] and "What it shows:" in a["tell_text"]
        assert a["answer"]["interactive"] is False and a["confidence"]["interactive"] is False
    # the tell itself: close-ups of boxed tells, categories, and clean pictures said to be clean
    closeups = [a for a in answered if value(a["tells"])]
    assert closeups and all(Path(value(a["tells"])).is_file() for a in closeups)
    assert all("Close-up of the tell" in a["tells"]["alt_text"] for a in closeups)
    assert any("**Tell:" in a["tell_text"] for a in answered)
    assert any("clean photoreal" in a["tell_text"] or "real photo:" in a["tell_text"] for a in answered)
    assert value(final["picture"]) is None and "Finished!" in final["progress"]
    assert f"## Your score: {right} out of {total}" in final["results"]
    assert "48.2 %" in final["results"] and "62 %" in final["results"]  # published human figures
    assert "arXiv" not in final["results"]
    assert Path(value(final["chart"])).is_file() and "right out of" in final["chart"]["alt_text"]
    # the end screen: answers closed, the missed pictures to review, and "play again"
    assert final["answer"]["interactive"] is False and final["confidence"]["interactive"] is False
    assert final["review"]["visible"] is True and len(value(final["review"])) == total - right
    assert "you missed" in final["review_head"]
    with pytest.raises(AppError) as caught:
        client.predict("en", api_name="/quiz_next")
    assert_friendly(caught.value, "Press Start")
    again = dict(zip(ROUND, client.predict("set-a", "practice", "en", api_name="/quiz_again")))
    assert "Picture 1 of" in again["progress"] and again["answer"]["interactive"] is True


def test_counted_rounds_reach_the_anonymous_class_counts(client):
    total, answered, _, _ = play_round(client, "pre", answer="real", lang="fr")
    text = client.predict("pre", "post", "en", api_name="/class_results")
    assert f"pre: {total // 2} right out of {total} answers" in text
    assert "post: no answers recorded" in text
    # after each answer, how the class did on this picture (this student's answer included)
    assert all(re.search(r"Dans cette classe aujourd’hui, [01] des 1 réponses", a["verdict"]) for a in answered)


# --- break the evidence -----------------------------------------------------------------------


def test_break_the_evidence(client, app_module):
    name = app_module.default_break_image(False)
    assert name
    gallery, table = client.predict(name, ["resave", "screenshot"], 75, 0.5, 0.1, "en", api_name="/break_evidence")
    assert len(gallery) == 3 and all(Path(g["image"]).is_file() for g in gallery)
    assert gallery[1]["caption"].startswith("JPEG, quality 75")
    lines = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| **")}
    assert set(lines) >= {"**C2PA content credentials**", "**invisible watermark**", "**spectral dots**"}
    assert name == "specimen-declared-all"  # the kit's specimens are always there
    c2pa = [cell.strip() for cell in lines["**C2PA content credentials**"].split("|")[2:5]]
    assert c2pa[0].startswith("✓") and c2pa[1].startswith("✗") and c2pa[2].startswith("✗")
    with pytest.raises(AppError) as caught:
        client.predict(name, [], 75, 0.5, 0.1, "en", api_name="/break_evidence")
    assert_friendly(caught.value, "Tick at least one")


def test_specimens_are_offered_when_present(app_module):
    from looktwice.examples import list_examples

    names = [n for _, n in app_module.break_choices(False, "en")]
    specimens = [e.name for e in list_examples(origin="specimen")]
    assert specimens, "the kit's specimens are made on demand and always listed"
    assert names[: len(specimens)] == sorted(specimens, key=lambda n: n != "specimen-declared-all")
    default = app_module.default_break_image(False)
    assert default in specimens
    from looktwice.examples import load_example_bytes

    assert load_example_bytes(default)[0]  # the default can be loaded
    assert names


# --- language ---------------------------------------------------------------------------------


def test_language_switch_relabels_and_rewrites_the_report(client):
    client.predict("real_pagoda_china", "en", api_name="/inspect_example")
    outputs = client.predict("fr", api_name="/set_language")
    labels = {o.get("label") for o in outputs if isinstance(o, dict)}
    assert {"Choisissez un exemple", "Qui a fait cette image\u202f?", "Image à casser"} <= labels
    texts = [o for o in outputs if isinstance(o, str)]
    assert any("Ne rien trouver ne prouve rien" in t for t in texts)
    outputs = client.predict("en", api_name="/set_language")
    assert "Choose an example" in {o.get("label") for o in outputs if isinstance(o, dict)}


PICTURES = ("preview", "spectrum-picture", "noise-picture", "ela-picture", "detector-picture", "zoom-picture")


def test_every_picture_has_alt_text_in_both_languages(client):
    """The inspect tab's pictures arrive as bare files; their alt texts are part of the page
    and follow the language switch."""
    alts = {
        c["props"].get("elem_id"): c["props"].get("alt_text")
        for c in client.config["components"]
        if c["props"].get("elem_id") in PICTURES
    }
    assert set(alts) == set(PICTURES) and all(alts.values()), alts
    assert "Error levels" in alts["ela-picture"]
    outputs = client.predict("fr", api_name="/set_language")
    french = {o.get("alt_text") for o in outputs if isinstance(o, dict) and o.get("alt_text")}
    assert len(french) == len(PICTURES) and any("Niveaux d'erreur" in a for a in french), french
    client.predict("en", api_name="/set_language")


# --- classroom mode ---------------------------------------------------------------------------


def test_classroom_mode_refuses_uploads(classroom_server, tmp_path):
    c = Client(classroom_server, verbose=False, analytics_enabled=False, download_files=str(tmp_path))
    endpoints = set(c.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert "/inspect_upload" not in endpoints and "/class_results" not in endpoints
    assert endpoints == ENDPOINTS - {"/inspect_upload", "/class_results"}
    # even a direct upload to Gradio's upload route is refused
    boundary = "looktwiceboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="x.png"\r\n'
            f"Content-Type: image/png\r\n\r\n"
        ).encode()
        + encode(photo_like(4, 4))  # a tiny file, under any size limit
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        classroom_server + "gradio_api/upload",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert len(body) < 1024
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 403


def test_classroom_mode_offers_only_the_curated_set(classroom_server, tmp_path, app_module):
    c = Client(classroom_server, verbose=False, analytics_enabled=False, download_files=str(tmp_path))
    with pytest.raises(AppError) as caught:  # a built-in whose licence is uncertain
        c.predict("real_motorcycle_stereo_left", "en", api_name="/inspect_example")
    assert_friendly(caught.value, "not on this computer")
    from looktwice import quiz
    from looktwice.examples import get_example

    for _, name in app_module.example_choices(True, "en"):
        assert get_example(name).license_status not in quiz.CLASSROOM_EXCLUDED_STATUS
    parts = inspect_parts(c.predict("real_coffee_cup", "en", api_name="/inspect_example"))
    assert_honest_report(parts)


def test_classroom_quiz_uses_the_teachers_set_and_session(classroom_server, env, tmp_path):
    from looktwice import quiz

    c = Client(classroom_server, verbose=False, analytics_enabled=False, download_files=str(tmp_path))
    c.predict("set-a", "practice", "en", api_name="/quiz_start")  # the student's choice is ignored
    c.predict("real", 90, "en", api_name="/quiz_answer")
    s = quiz.QuizStore(env / "classroom.sqlite").summary("post")
    assert s.answers == 1 and s.item_sets == ["set-b"]  # "friday", the teacher's old name for it


# --- the command ------------------------------------------------------------------------------


def test_looktwice_demo_serves_and_stops_cleanly(env, tmp_path):
    """`looktwice demo` as a teacher runs it: it serves on 127.0.0.1, says where, and on SIGTERM
    (what systemd and `kill` send) it stops and removes its temporary folders."""
    import signal
    import subprocess
    import sys
    import time

    port = free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    environment = {**os.environ, "TMPDIR": str(temp), "GRADIO_SERVER_PORT": str(port)}  # Gradio's own variable
    environment.pop("GRADIO_TEMP_DIR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "looktwice", "demo", "--classroom", "--no-browser"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_served(proc, f"http://127.0.0.1:{port}/")
        assert [p.name for p in temp.iterdir() if p.name.startswith("looktwice-demo-")]
        helpers = _descendants(proc.pid)  # the analysis workers and their fork server
        assert helpers, "no worker process was started"
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        deadline = time.time() + 15
        while [p for p in helpers if _running(p)] and time.time() < deadline:
            time.sleep(0.2)
        assert not [p for p in helpers if _running(p)], "worker processes outlived the app"
    finally:
        if proc.poll() is None:
            proc.kill()
    assert f"Look Twice is running at http://127.0.0.1:{port}/ (this computer only" in out
    assert "share=True" not in out  # no invitation to make a public link
    assert "Traceback" not in out
    assert not [p for p in temp.iterdir() if p.name.startswith("looktwice-")]


def _descendants(pid: int) -> list[int]:
    """Process ids of every descendant of ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def _running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except OSError:
        return False
