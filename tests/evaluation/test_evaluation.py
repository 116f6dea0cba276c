"""Measured evidence (issue #11): the evaluation harness, the shipped track record, hints that
carry their record, and the transparent detector."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import encode, photo_like
from PIL import Image

from looktwice import examples
from looktwice.evaluation import EvaluationError, evaluate, from_folder, load_source, table, to_csv, to_json, write_all
from looktwice.evaluation.metrics import Confusion, average_precision, roc_auc
from looktwice.evaluation.ship import dumps, track_record
from looktwice.evidence import Points, Rate, Strength
from looktwice.report import inspect
from looktwice.track_record import DATA_FILE, record_for, supported_direction

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "looktwice"


# --- metrics on data with known answers -------------------------------------------------------


def test_auc_and_average_precision_match_hand_computed_values():
    y = np.array([0, 0, 0, 1, 1, 1])
    perfect = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9])
    assert roc_auc(y, perfect) == 1.0
    assert roc_auc(y, -perfect) == 0.0
    assert roc_auc(y, np.ones(6)) == 0.5
    # one generated image below one real one: 8 of 9 pairs are in order
    assert roc_auc(y, np.array([0.1, 0.2, 0.6, 0.5, 0.8, 0.9])) == pytest.approx(8 / 9)
    assert average_precision(y, perfect) == 1.0


def test_metrics_leave_out_missing_values_and_need_both_classes():
    y = np.array([0, 1, 1, 0])
    assert roc_auc(y, np.array([0.1, 0.9, math.nan, 0.2])) == 1.0
    assert math.isnan(roc_auc(np.array([1, 1]), np.array([0.2, 0.3])))


def test_confusion_counts():
    c = Confusion.of(np.array([1, 1, 0, 0, 0]), np.array([True, False, True, False, False]))
    assert c.as_row() == {"true_positive": 1, "false_positive": 1, "true_negative": 2, "false_negative": 1}


# --- the rule that lets a hint point somewhere ------------------------------------------------


def test_a_hint_points_only_where_the_measurement_supports_it():
    lopsided, never = Rate(1, 39, 12, 61), Rate(0, 39, 0, 61)
    assert supported_direction(Points.GENERATED, lopsided, never) is Points.GENERATED
    # the same rates cannot support the opposite claim
    assert supported_direction(Points.CAPTURED, lopsided, never) is Points.NEUTRAL
    # common on both sides: no direction
    assert supported_direction(Points.GENERATED, Rate(37, 39, 32, 61), Rate(39, 39, 61, 61)) is Points.NEUTRAL
    # lopsided as published, but re-saving shows it the other way round: a format shortcut
    assert supported_direction(Points.GENERATED, lopsided, Rate(30, 39, 2, 61)) is Points.NEUTRAL
    # too few images to tell
    assert supported_direction(Points.GENERATED, Rate(0, 3, 1, 3), never) is Points.NEUTRAL
    assert supported_direction(Points.EDITED, lopsided, never) is Points.NEUTRAL


def test_no_camera_information_is_context_with_its_record():
    report = inspect(encode(photo_like(), "PNG"))
    (finding,) = [f for f in report.evidence if f.kind == "metadata.no_camera"]
    assert finding.strength is Strength.CONTEXT and finding.points is Points.NEUTRAL
    assert finding.record is not None and finding.record.published.real_total > 0
    assert "real photos" in finding.message.en and "vraies photos" in finding.message.fr


def test_an_unsupported_hint_is_shown_as_neutral_with_its_rates():
    assert record_for("noise.smooth").supports is Points.NEUTRAL
    # a flat, grain-free picture sets off the noise hint
    y, x = np.mgrid[0:384, 0:512]
    flat = np.stack([x // 4, y // 3, (x + y) // 8], axis=-1).astype(np.uint8)
    report = inspect(encode(flat, "PNG"))
    (finding,) = [f for f in report.evidence if f.kind == "noise.smooth"]
    assert finding.strength is Strength.HINT and finding.points is Points.NEUTRAL
    assert "too small to say which way it points" in finding.message.en
    assert "8 real photos in 10" in finding.message.en
    assert finding.to_dict()["track_record"]["supports"] == "neutral"


def _resaved(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=90)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["coffee", "chelsea", "rocket"])
def test_a_resaved_builtin_photo_gets_no_hint_towards_generated(name):
    report = inspect(_resaved(examples.load_example(name)), name=f"{name}.jpg")
    towards = [f.kind for f in report.evidence if f.points is Points.GENERATED]
    assert towards == []
    assert "common in generated images" not in report.summary.en


def test_no_resaved_real_photo_of_the_pack_gets_a_hint_towards_generated(pack_images, pack_manifest):
    real = [r["filename"] for r in pack_manifest if r["kind"] == "real"]
    assert len(real) >= 30
    leaning = {}
    for filename in real:
        report = inspect(_resaved(Image.open(pack_images / filename)), name=filename)
        towards = [f.kind for f in report.evidence if f.points is Points.GENERATED]
        if towards:
            leaning[filename] = towards
    assert leaning == {}


# --- the harness --------------------------------------------------------------------------------


def _new_folder(path: Path) -> Path:
    path.mkdir()
    return path


def _labelled_folder(folder: Path) -> Path:
    """Four camera-like JPEGs and four flat, upsampled PNGs, with labels.csv and two bad rows."""
    rows = [("path", "label", "generator")]
    for i in range(4):
        (folder / f"photo{i}.jpg").write_bytes(encode(photo_like(seed=i), "JPEG", quality=92))
        rows.append((f"photo{i}.jpg", "real", ""))
        small = photo_like(128, 96, seed=10 + i)[:, :, :] // 2 + 60
        big = Image.fromarray(small).resize((512, 384), Image.Resampling.NEAREST)
        (folder / f"made{i}.png").write_bytes(encode(big, "PNG"))
        rows.append((f"made{i}.png", "generated", "nearest upsampler" if i < 2 else "other upsampler"))
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    rows += [("broken.png", "generated", "broken"), ("missing.png", "real", ""), ("photo0.jpg", "maybe", "")]
    with open(folder / "labels.csv", "w", newline="") as f:
        csv.writer(f).writerows(rows)
    return folder


def test_folder_harness_measures_every_signal_and_reports_bad_rows(tmp_path):
    images, skipped = from_folder(_labelled_folder(tmp_path))
    assert len(images) == 9
    assert {s.name for s in skipped} == {"missing.png", "photo0.jpg"}
    ev = evaluate(images, ["published", "resaved", "half"], workers=1, skipped=skipped)
    assert [e[1] for e in ev.errors() if e[0] == "published"] == ["broken.png"]
    row = ev.row("published", "metadata.no_camera")
    assert (row.real_fired, row.real_total, row.generated_fired, row.generated_total) == (4, 4, 4, 4)
    # the JPEG-quality number exists only for the JPEG files: the format shortcut is visible...
    assert ev.row("published", "metadata.jpeg_quality").generated_fired == 0
    # ...and disappears once both sides are re-saved the same way
    assert ev.row("resaved", "metadata.jpeg_quality").generated_fired == 4
    assert ev.row("resaved", "metadata.jpeg_quality").auc == 0.5
    families = {f.family for f in ev.family_rows}
    assert families == {"nearest upsampler", "other upsampler", "broken"}
    data = to_json(ev)
    assert data["images"] == 9 and data["skipped"] and data["errors"]
    json.dumps(data)  # JSON-safe
    assert to_csv(ev).splitlines()[0].startswith("condition,signal,type,real_fired")
    assert "AUC" in table(ev) and "hasard" in table(ev, "fr")


def test_harness_writes_csv_json_and_plots(tmp_path):
    images, _ = from_folder(_labelled_folder(_new_folder(tmp_path / "in")))
    ev = evaluate(images, ["published", "resaved"], workers=1)
    written = write_all(ev, tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == sorted(
        [
            "evaluation.csv",
            "evaluation.json",
            "table.txt",
            "roc-published.png",
            "roc-resaved.png",
            "auc-by-condition.png",
        ]
    )
    plot = Image.open(tmp_path / "out" / "roc-published.png")
    colours = np.unique(np.asarray(plot.convert("RGB")).reshape(-1, 3), axis=0)
    assert plot.width > 400 and len(colours) > 3


def test_clear_messages_for_unusable_sources(tmp_path):
    with pytest.raises(EvaluationError, match="labels.csv"):
        from_folder(tmp_path)
    (tmp_path / "labels.csv").write_text("file,kind\nx.png,real\n")
    with pytest.raises(EvaluationError, match="lacks the column"):
        from_folder(tmp_path)
    (tmp_path / "a.png").write_bytes(encode(photo_like(), "PNG"))
    (tmp_path / "labels.csv").write_text("path,label\na.png,real\n")
    images, _ = from_folder(tmp_path)
    with pytest.raises(EvaluationError, match="no generated image"):
        evaluate(images, ["published"], workers=1)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "looktwice", *args], capture_output=True, text=True, timeout=300)


def test_cli_evaluates_a_folder_and_explains_a_one_class_folder(tmp_path):
    folder = _labelled_folder(_new_folder(tmp_path / "set"))
    out = _cli(
        "evaluate", str(folder), "--conditions", "published,resaved", "--workers", "1", "--out", str(tmp_path / "o")
    )
    assert out.returncode == 0, out.stderr
    assert "noise.smooth_share" in out.stdout and "resaved" in out.stdout
    assert "missing.png" in out.stderr and "Traceback" not in out.stderr
    assert (tmp_path / "o" / "evaluation.json").is_file()
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "a.png").write_bytes(encode(photo_like(), "PNG"))
    (lonely / "labels.csv").write_text("path,label\na.png,real\n")
    out = _cli("evaluate", str(lonely), "--lang", "fr")
    assert out.returncode == 2 and "aucune image" in out.stderr and "Traceback" not in out.stderr


# --- the shipped record and the detector -----------------------------------------------------


def test_shipped_track_record_is_reproduced_bit_for_bit(tmp_path, pack_images, pack_manifest):
    folder = tmp_path / "pack"
    folder.mkdir()
    with open(folder / "labels.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["path", "label", "generator"])
        for row in pack_manifest:
            (folder / row["filename"]).symlink_to(pack_images / row["filename"])
            writer.writerow([row["filename"], row["kind"], "" if row["kind"] == "real" else row["generator"]])
    images, skipped = load_source(str(folder))
    assert not skipped
    record = track_record(evaluate(images, ["published", "resaved"]))
    shipped = (PACKAGE / "data" / DATA_FILE).read_text(encoding="utf-8")
    assert dumps(record) == shipped


def test_model_card_is_written_from_the_shipped_model():
    from looktwice.detector.train import model_card

    model = json.loads((PACKAGE / "detector" / "model.json").read_text())
    assert (PACKAGE / "detector" / "MODEL_CARD.md").read_text() == model_card(model)
    figures = model["info"]["held_out_figures"]
    assert figures["resaved"]["roc_auc"] >= 0.75, "held-out AUC after re-saving fell below the target"


def test_detector_is_a_hint_with_its_score_drivers_and_record_never_a_verdict():
    report = inspect(encode(photo_like(), "JPEG", quality=90))
    result = report.result("detector")
    assert 0.0 <= result.score <= 1.0
    (finding,) = result.findings
    assert finding.strength is Strength.HINT and finding.points is Points.NEUTRAL
    assert "What pushed it most" in finding.message.en and "never a verdict" in finding.message.en
    assert "%" not in finding.message.en
    assert len(result.data()["contributions"]) == 12
    assert result.picture().width > 300


def test_the_command_lists_every_condition():
    from looktwice.evaluation.cli import CONDITION_NAMES
    from looktwice.evaluation.conditions import CONDITIONS

    assert list(CONDITION_NAMES) == list(CONDITIONS)


def test_lessons_show_a_findings_record_as_a_table():
    from looktwice import teaching

    table = teaching.track_record_table("metadata.no_camera", "fr")
    assert table.headers == ["les images d’exemple du kit", "vraies photos", "images générées"]
    record = record_for("metadata.no_camera")
    assert table.rows[0][1] == f"{record.published.real} / {record.published.real_total}"
    assert table.rows[-1][1] == "il ne penche donc d’aucun côté"
    with pytest.raises(KeyError):
        teaching.track_record_table("no.such.finding")
