"""Metadata: camera EXIF, generator text chunks, IPTC source types, JPEG tables, ICC."""

from __future__ import annotations

import json

import pytest
from conftest import encode, photo_like
from PIL import Image, ImageCms, PngImagePlugin

import looktwice
from looktwice.analyses import metadata
from looktwice.evidence import Points, Strength
from looktwice.image_file import open_specimen
from looktwice.meta.jpeg_tables import estimate_quality
from looktwice.source_types import IPTC_BASE, VOCABULARY

A1111 = (
    "a red lighthouse on a cliff, watercolor\n"
    "Negative prompt: blurry, low quality\n"
    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234567, Size: 512x512, "
    "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.7.0"
)


def png_with_text(**chunks: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    return encode(photo_like(128, 96), "PNG", pnginfo=info)


def meta_of(data: bytes) -> metadata.MetadataResult:
    return metadata.analyse(open_specimen(data))


def declared_generated(result) -> bool:
    return any(f.strength is Strength.DECLARED and f.points is Points.GENERATED for f in result.findings)


def test_automatic1111_parameters_chunk():
    result = meta_of(png_with_text(parameters=A1111))
    gen = result.data()["generator"]
    assert gen["tool"].startswith("AUTOMATIC1111")
    assert gen["prompt"] == "a red lighthouse on a cliff, watercolor"
    assert gen["negative_prompt"] == "blurry, low quality"
    assert gen["settings"]["Seed"] == "1234567" and gen["settings"]["Sampler"] == "Euler a"
    assert gen["settings"]["Model"] == "v1-5-pruned-emaonly"
    assert declared_generated(result)
    assert "7 words" in result.explanation.en


def test_automatic1111_in_jpeg_user_comment():
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\x00" + A1111.encode("utf-16-be")
    result = meta_of(encode(photo_like(128, 96), "JPEG", exif=exif))
    assert result.data()["generator"]["settings"]["Steps"] == "20"
    assert declared_generated(result)


def test_comfyui_graph():
    graph = {
        "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
        "3": {"class_type": "KSampler", "inputs": {"seed": 42, "steps": 25, "sampler_name": "euler", "cfg": 8}},
    }
    result = meta_of(png_with_text(prompt=json.dumps(graph), workflow="{}"))
    gen = result.data()["generator"]
    assert gen["tool"] == "ComfyUI"
    assert gen["settings"]["Model"] == "sd_xl_base_1.0.safetensors" and gen["settings"]["Seed"] == "42"
    assert declared_generated(result)


@pytest.mark.parametrize(
    "chunks, tool",
    [
        ({"invokeai_metadata": "{}"}, "InvokeAI"),
        ({"Software": "NovelAI", "Description": "a cat", "Comment": '{"steps": 28, "seed": 5}'}, "NovelAI"),
        ({"Description": "a castle --ar 3:2 Job ID: 1234-abcd"}, "Midjourney"),
    ],
)
def test_other_generators(chunks, tool):
    result = meta_of(png_with_text(**chunks))
    assert result.data()["generator"]["tool"] == tool
    assert declared_generated(result)


def test_camera_exif_and_gps_privacy():
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0131] = "NIKON CORPORATION", "NIKON D750", "Ver.1.10"
    sub = exif.get_ifd(0x8769)
    sub[0x9003], sub[0xA434] = "2024:05:01 10:11:12", "24.0-120.0 mm f/4.0"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (48.0, 51.0, 29.1234), "E", (2.0, 17.0, 40.5678)
    result = meta_of(encode(photo_like(), "JPEG", exif=exif))
    data = result.data()
    assert data["exif"]["camera"] == "NIKON CORPORATION NIKON D750"
    assert data["exif"]["fields"]["captured"] == "2024:05:01 10:11:12"
    assert data["exif"]["fields"]["lens_model"] == "24.0-120.0 mm f/4.0"
    assert data["exif"]["gps_present"] is True
    dumped = json.dumps(looktwice.inspect(encode(photo_like(), "JPEG", exif=exif)).to_dict())
    assert "29.1234" not in dumped and "40.5678" not in dumped and "48.0" not in dumped
    assert "GPS" in result.headline.en and "not shown" in result.headline.en
    assert any(f.points is Points.CAPTURED and f.strength is Strength.HINT for f in result.findings)


def test_no_camera_data_is_context_that_points_nowhere():
    result = meta_of(encode(photo_like(), "PNG"))
    (finding,) = result.findings
    assert finding.strength is Strength.CONTEXT and finding.points is Points.NEUTRAL
    assert finding.code == "metadata.no_camera"
    assert "says nothing about how the picture was made" in finding.message.en


def xmp_png(term_uri: str, element: bool) -> bytes:
    if element:
        body = f"<Iptc4xmpExt:DigitalSourceType>{term_uri}</Iptc4xmpExt:DigitalSourceType>"
        desc = f'<rdf:Description rdf:about="">{body}</rdf:Description>'
    else:
        desc = f'<rdf:Description rdf:about="" Iptc4xmpExt:DigitalSourceType="{term_uri}"/>'
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">' + desc + "</rdf:RDF></x:xmpmeta>"
    )
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", packet)
    return encode(photo_like(96, 64), "PNG", pnginfo=info)


@pytest.mark.parametrize("term", sorted(VOCABULARY))
@pytest.mark.parametrize("element", [False, True])
def test_every_iptc_digital_source_type(term, element):
    result = meta_of(xmp_png(IPTC_BASE + term, element))
    dst = result.data()["digital_source_type"]
    assert dst["term"] == term and dst["uri"] == IPTC_BASE + term
    declared = [f for f in result.findings if f.strength is Strength.DECLARED]
    assert declared and declared[0].points is VOCABULARY[term].points
    assert VOCABULARY[term].label.en in declared[0].message.en


def test_iptc_generated_and_camera_exif_disagree_in_the_summary():
    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", A1111)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "Canon EOS R5"
    data = xmp_png(IPTC_BASE + "digitalCapture", element=False)
    image = Image.open(__import__("io").BytesIO(data))
    pnginfo = PngImagePlugin.PngInfo()
    pnginfo.add_itxt("XML:com.adobe.xmp", image.info["XML:com.adobe.xmp"])
    pnginfo.add_text("parameters", A1111)
    report = looktwice.inspect(encode(photo_like(), "PNG", pnginfo=pnginfo))
    assert "disagree" in report.summary.en and "contredisent" in report.summary.fr


@pytest.mark.parametrize("quality", [35, 60, 75, 90, 97])
def test_jpeg_quality_estimate(quality):
    result = meta_of(encode(photo_like(), "JPEG", quality=quality))
    assert result.data()["jpeg"] == {"quality": quality, "standard_tables": True, "tables": 2}


def test_strong_compression_is_context():
    result = meta_of(encode(photo_like(), "JPEG", quality=50))
    assert any(f.strength is Strength.CONTEXT and "quality about 50" in f.message.en for f in result.findings)


def test_custom_tables_are_not_standard():
    tables = {0: [3] * 64, 1: [5] * 64}
    estimate = estimate_quality(tables)
    assert estimate is not None and not estimate.exact


def test_icc_profile_name():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    result = meta_of(encode(photo_like(), "PNG", icc_profile=icc))
    assert "sRGB" in result.data()["icc_profile"]


def test_software_naming_a_generator_or_an_editor():
    exif = Image.Exif()
    exif[0x0131] = "Adobe Photoshop 25.0"
    edited = meta_of(encode(photo_like(), "JPEG", exif=exif))
    assert any(f.points is Points.EDITED and f.strength is Strength.CONTEXT for f in edited.findings)
    exif[0x0131] = "Adobe Firefly"
    generated = meta_of(encode(photo_like(), "JPEG", exif=exif))
    assert declared_generated(generated)


def test_pack_camera_exif(pack_images, pack_manifest):
    rainier = meta_of((pack_images / "real_mount_rainier.jpg").read_bytes())
    assert rainier.exif.camera == "Canon EOS 50D"
    for row in pack_manifest:
        if row["kind"] == "generated":
            result = meta_of((pack_images / row["filename"]).read_bytes())
            assert result.exif.camera is None, row["filename"]
