"""The examples catalogue: manifest facts, filters, credits, built-ins offline, the ``list`` command.

None of these tests uses the network; an autouse guard makes any connection beyond 127.0.0.1
fail loudly, so "built-ins work offline" is checked for real rather than assumed.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import re

import numpy as np
import pytest
from PIL import Image

from looktwice import examples
from looktwice.cli import main
from looktwice.examples import (
    TELLS,
    Catalog,
    Example,
    ImageSource,
    NotDownloadedError,
    UnknownExampleError,
)
from looktwice.examples.manifest import read_manifest


@pytest.fixture(autouse=True)
def empty_cache(tmp_path, monkeypatch):
    """Every test starts with an empty cache of its own."""
    monkeypatch.setenv("LOOKTWICE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


# --- the manifest -------------------------------------------------------------------------


def test_manifest_copies_the_shared_facts(pack_manifest):
    """Every fact of the shared pack's manifest is in the kit's own manifest, unchanged."""
    ours = {e.filename: e for e in read_manifest()}
    assert set(ours) == {row["filename"] for row in pack_manifest}
    for row in pack_manifest:
        e = ours[row["filename"]]
        crop = ",".join(map(str, e.crop)) if e.crop else ""
        assert (e.kind, e.generator, e.source, e.source_url, e.source_sha256, crop, e.transform) == (
            row["kind"],
            row["generator"],
            row["source"],
            row["source_url"],
            row["source_sha256"],
            row["crop"],
            row["transform"],
        ), e.name
        assert (e.sha256, e.width, e.height) == (row["sha256"], int(row["width"]), int(row["height"]))
        assert (e.license, e.license_status, e.person_present) == (
            row["license"],
            row["license_status"],
            row["person_present"],
        )
        assert (e.description, e.metadata_notes) == (row["description"], row["metadata_notes"])


def test_every_entry_can_be_credited():
    for e in read_manifest():
        assert e.title and e.attribution and e.license and e.description, e.name
        assert e.kind in {"real", "generated"}
        assert e.license in e.credit and e.title in e.credit
        assert ("LICENCE UNCERTAIN" in e.credit) == (e.license_status == "uncertain"), e.name
        assert ("NON-COMMERCIAL" in e.credit) == (e.license_status == "noncommercial"), e.name
        assert (e.license_note is None) == (e.license_status in ("clear", "attribution")), e.name


def test_every_tell_is_explained_and_used():
    used = {t for e in examples.list_examples() for t in e.tells}
    assert used <= set(TELLS), used - set(TELLS)
    assert set(TELLS) <= used, set(TELLS) - used
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t) for t in TELLS)


def test_tells_follow_the_manifest_facts():
    """Tags that can be derived from other columns agree with them."""
    for e in read_manifest():
        assert ("tile" in e.tells) == (e.crop is not None), e.name
        assert ("small" in e.tells) == (max(e.width, e.height) <= 320), e.name
        camera = "Make=" in e.metadata_notes and "Model=" in e.metadata_notes
        assert "camera-exif" not in e.tells or camera, e.name
        bare = "no EXIF" in e.metadata_notes and "XMP" not in e.metadata_notes
        assert "no-metadata" not in e.tells or bare, e.name
        about_text = "garbled-text" in e.tells or "legible-text" in e.tells
        assert not about_text or (e.kind == "generated" and "text" in e.tells), e.name
        settings = "text keys: prompt, workflow" in e.metadata_notes or "Dream, sd-metadata" in e.metadata_notes
        assert ("declared" in e.tells) == settings, e.name


def test_builtins_are_people_free_packaged_photos():
    builtins = examples.list_examples(origin="builtin")
    files = {e.package_file for e in builtins}
    assert {
        "skimage/data/coffee.png",
        "skimage/data/chelsea.png",
        "skimage/data/rocket.jpg",
        "skimage/data/coins.png",
        "sklearn/datasets/images/china.jpg",
    } <= files
    assert not any(name in f for f in files for name in ("astronaut", "camera"))
    assert all(e.kind == "real" and e.person_present == "no" for e in builtins)
    china = examples.get_example("china")
    assert "CC BY 2.0" in china.credit and "danielbuechele" in china.credit


# --- finding and loading --------------------------------------------------------------------


def test_filters_answer_lesson_questions():
    garbled = examples.list_examples("generated", tell="garbled-text")
    assert {e.name for e in garbled} >= {"gen_ldm_sign_misspelled", "gen_sdvae_letterboard_reconstruction"}
    assert [e.name for e in examples.list_examples("real", tell="camera-exif")] == [
        "real_mount_rainier",
        "real_window_iron_bars",
    ]
    flux = examples.list_examples(generator="FLUX")
    assert flux and all("flux" in e.generator.lower() for e in flux)
    both = examples.list_examples(tell=["text", "legible-text"])
    assert both and all(e.kind == "generated" for e in both)
    clean = examples.list_examples(exclude_status=["uncertain", "noncommercial"])
    assert clean and all(e.license_status in ("clear", "attribution") for e in clean)
    assert len([e for e in examples.list_examples() if e.origin in ("builtin", "pack")]) == 100


def test_builtins_load_without_network_or_cache(empty_cache):
    for e in examples.list_examples(origin="builtin"):
        assert examples.is_available(e.name)
        image = examples.load_example(e.name)
        assert image.size == (e.width, e.height), e.name
        data, credit = examples.load_example_bytes(e.name)
        assert credit == e.credit
        version = importlib.metadata.version(e.source.split(":")[1].split("==")[0].strip())
        if e.source.endswith(f"=={version} (wheel)"):
            assert hashlib.sha256(data).hexdigest() == e.source_sha256, e.name
    assert not empty_cache.exists(), "loading built-ins must not write anything"


def test_builtins_match_the_shared_images(pack_images):
    for e in examples.list_examples(origin="builtin"):
        ours = np.asarray(examples.load_example(e.name))
        theirs = np.asarray(Image.open(pack_images / e.filename))
        assert ours.shape == theirs.shape and np.array_equal(ours, theirs), e.name


def test_names_files_and_aliases_all_work():
    assert examples.get_example("coffee") is examples.get_example("real_coffee_cup")
    assert examples.get_example("REAL_COFFEE_CUP.PNG").name == "real_coffee_cup"
    with pytest.raises(UnknownExampleError, match="Did you mean: real_coffee_cup"):
        examples.get_example("cofee")


def test_pack_entries_say_how_to_get_them():
    name = "gen_ldm_sign_misspelled"
    assert not examples.is_available(name)
    with pytest.raises(NotDownloadedError, match="looktwice examples download"):
        examples.load_example(name)
    with pytest.raises(NotDownloadedError) as info:
        examples.load_example_bytes(name)
    assert "looktwice examples download" in info.value.message.fr


# --- extending the catalogue ----------------------------------------------------------------


class _InMemory(ImageSource):
    """A stand-in for another part of the kit (e.g. images it makes itself)."""

    def read_bytes(self, example: Example) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (example.width, example.height), "white").save(buffer, "PNG")
        return buffer.getvalue()


def _specimen(name: str = "kit_plain_white") -> Example:
    return Example(
        name=name,
        filename=f"{name}.png",
        kind="specimen",
        title="Plain white square",
        description="Made by the kit",
        license="CC0",
        license_status="clear",
        attribution="Look Twice",
        origin="kit",
        width=8,
        height=8,
        tells=("small",),
    )


def test_other_kinds_of_entries_can_be_registered():
    catalog = Catalog()
    for e in read_manifest()[:2]:
        catalog.register(e, _InMemory())
    catalog.register(_specimen(), _InMemory())
    assert [e.name for e in catalog.find("specimen")] == ["kit_plain_white"]
    assert catalog.load_image("kit_plain_white.png").size == (8, 8)
    assert "specimen" in catalog.kinds() and "kit" in catalog.origins()
    with pytest.raises(ValueError, match="already"):
        catalog.register(_specimen(), _InMemory())


# --- the list command -----------------------------------------------------------------------


def test_cli_list_shows_licences_and_flags(capsys):
    assert main(["examples", "list"]) == 0
    out = capsys.readouterr().out
    for e in read_manifest():
        assert f"{e.name}: {e.title}" in out
        assert e.license in out
        assert e.attribution in out
    assert out.count("LICENCE UNCERTAIN") == sum(e.license_status == "uncertain" for e in read_manifest())
    assert out.count("NON-COMMERCIAL") == sum(e.license_status == "noncommercial" for e in read_manifest())
    assert "not downloaded yet" in out and "built in" in out


def test_cli_list_filters(capsys):
    assert main(["examples", "list", "--kind", "generated", "--tell", "garbled-text"]) == 0
    out = capsys.readouterr().out
    names = re.findall(r"^(\w+): ", out, flags=re.M)
    assert names and all(n.startswith("gen_") for n in names)
    assert "gen_ldm_sign_misspelled" in names and "gen_ldm_sign_correct" not in names
    assert main(["examples", "list", "--generator", "stylegan", "--exclude-status", "noncommercial"]) == 0
    assert "gen_stylegan2_church" not in capsys.readouterr().out
    assert main(["examples", "list", "--tell", "no-such-tell"]) == 2
    assert "looktwice examples tells" in capsys.readouterr().err


def test_load_example_bytes_serves_inspect():
    """``looktwice inspect --example coffee`` goes through this function."""
    data, credit = examples.load_example_bytes("coffee")
    assert Image.open(io.BytesIO(data)).size == (600, 400)
    assert credit.startswith("Coffee cup.") and "CC0" in credit


def test_cli_list_by_category_and_family_in_french(capsys):
    assert main(["examples", "list", "--lang", "fr", "--category", "text", "--family", "stable-diffusion-1"]) == 0
    out = capsys.readouterr().out
    assert re.findall(r"^(\w+): ", out, flags=re.M) == ["gen_sd14_red_cube_signature", "gen_sd14_still_life_baseball"]
    assert "Cube rouge à la fausse signature" in out and "famille\u00a0: stable-diffusion-1" in out
    assert "texte (pixels 35,465 à 110,505) — Une signature d'artiste" in out
    assert "[presque disparu depuis 2024]" in out and "2 exemples affichés sur" in out
    assert main(["examples", "list", "--family", "no-such-family"]) == 2
    assert "stable-diffusion-3" in capsys.readouterr().err
    assert main(["examples", "list", "--category", "handz"]) == 2


def test_cli_tells_explains_categories_in_both_languages(capsys):
    assert main(["examples", "tells"]) == 0
    out = capsys.readouterr().out
    assert "hands and anatomy (5) — Fingers" in out and "garbled-text" in out
    assert main(["examples", "tells", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "mains et anatomie (5) — Doigts" in out and "l'image contient de l'écriture" in out
