"""Hostile files (issue #18): each yields a report or a clear error, and nothing from a file
acts where it is shown.

Every file is built at test time by ``hostile_corpus.py``. The corpus runs each case in its own
process with a generous hang guard (30 s) and an address-space limit; speed and memory
figures are printed by ``benchmarks/bench_hostile.py``, not asserted here. Hypothesis then
throws arbitrary input at every parser of a file's text, and the escaping functions are
checked with a real Markdown renderer.
"""

from __future__ import annotations

import html
import io
import json
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_corpus import CASES, ESCAPES_MODEL, MARKDOWN_MAKE, exif_markdown_and_escapes, write_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import looktwice
from looktwice import containers, safe_text
from looktwice.limits import CONTAINER_PARTS, TEXT_CHARS, XMP_BYTES
from looktwice.meta import exif, generator_text, xmp
from looktwice.render import report_as_text

HERE = Path(__file__).resolve().parent

MEMORY = 3 * 2**30  # address space: the interpreter, NumPy and a 140 MB file fit well within


def run_case(path: Path) -> dict:
    """Inspect ``path`` in a child process (hang guard 30 s, memory limit) and return what
    ``hostile_corpus.run_one`` says about it."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    done = subprocess.run(
        [sys.executable, str(HERE / "hostile_corpus.py"), str(path)],
        capture_output=True, text=True, timeout=30, preexec_fn=limit,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_file_gives_a_report_or_a_clear_error(name, tmp_path):
    outcome = run_case(write_case(name, tmp_path))
    assert outcome["outcome"] == CASES[name][2]
    if outcome["outcome"] == "error":
        assert outcome["message"] != outcome["message_fr"]
        assert "Traceback" not in outcome["message"] and "Error" not in outcome["message"]
    else:
        assert not any("Error:" in reason for reason in outcome["reasons"]), outcome["reasons"]


def test_postscript_with_an_image_name_is_not_handed_to_any_decoder(tmp_path):
    outcome = run_case(write_case("postscript_named_jpg", tmp_path))
    assert "not an image Look Twice can read" in outcome["message"]


def test_caps_reached_are_said_in_notes(tmp_path):
    ztxt = run_case(write_case("png_oversized_ztxt", tmp_path))
    assert any("text label(s) in this PNG" in n for n in ztxt["notes"])
    chain = run_case(write_case("tiff_many_ifds", tmp_path))
    assert any("more than 1000 images" in n for n in chain["notes"])


def test_long_settings_line_is_still_read_as_a1111():
    report = looktwice.inspect(CASES["a1111_long_last_line"][1]())
    generator = report.result("metadata").data()["generator"]
    assert generator["tool"].startswith("AUTOMATIC1111") and generator["settings"]["Steps"] == "20"


def test_stripes_are_not_declared_generated():
    report = looktwice.inspect(CASES["stripes_png"][1]())
    assert report.result("watermark").findings == []


# --------------------------------------------------------------------------- parsers


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8", "replace")))
def test_xmp_parser_never_raises_and_bounds_its_output(packet):
    fields, broken = xmp.parse_fields(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + packet + b"</x:xmpmeta>")
    assert isinstance(broken, bool)
    assert all(len(v) <= xmp.FIELD_CHARS for v in fields.values())


_XMP_BITS = st.sampled_from(
    ["<a:DigitalSourceType>", "</a:DigitalSourceType>", "<rdf:li>", "</rdf:li>", "x", " ", "&amp;", "<",
     "Iptc4xmpExt:DigitalSourceType='t'", "<!DOCTYPE x [<!ENTITY e 'e'>]>", "&e;", "<b ", "/>", ">"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_XMP_BITS, max_size=60).map("".join))
def test_xmp_parser_on_xml_like_fragments(body):
    fields, _ = xmp.parse_fields(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{body}</x:xmpmeta>".encode())
    assert set(fields) <= set(xmp._FIELDS)


def test_xmp_entities_are_never_expanded():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b"<x:xmpmeta><r Iptc4xmpExt:DigitalSourceType='&b;'/></x:xmpmeta>"
    )
    fields, broken = xmp.parse_fields(laughs)
    assert broken and fields == {}
    external = b'<!DOCTYPE x [<!ENTITY f SYSTEM "file:///etc/passwd">]><x:xmpmeta>&f;</x:xmpmeta>'
    assert xmp.parse_fields(external) == ({}, True)


def test_xmp_fields_are_read_before_broken_xml():
    packet = b"<x:xmpmeta><r Iptc4xmpExt:DigitalSourceType='trainedAlgorithmicMedia'/><oops </x:xmpmeta>"
    fields, broken = xmp.parse_fields(packet)
    assert broken and fields == {"digital_source_type": "trainedAlgorithmicMedia"}


def test_xmp_packet_is_found_past_unterminated_openings():
    class Opened:
        info: dict = {}

    good = b"<x:xmpmeta><r xmp:CreatorTool='ComfyUI'/></x:xmpmeta>"
    packet, truncated = xmp.find_packet(Opened(), b"<x:xmpmeta" * 1000 + good)
    assert packet == good and not truncated
    packet, truncated = xmp.find_packet(Opened(), b"<x:xmpmeta>" + b"a" * XMP_BYTES + b"</x:xmpmeta>")
    assert truncated and len(packet) == XMP_BYTES


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('Steps: 20,"\\\nab-./ '), max_size=400))
def test_a1111_parser_never_raises_and_bounds_its_output(text):
    parsed = generator_text.parse_a1111(text)
    if parsed is not None:  # both shapes are checked: the property holds on each
        prompt, negative, found = parsed
        assert set(found) <= set(generator_text._A1111_KEYS)
    assert len(generator_text.a1111_settings(text)) <= text.count(":")


#: The pattern the A1111 parser used before it was made linear (quadratic on long lines):
#: on short lines it is the oracle the new parser must agree with.
_FORMER_A1111 = re.compile(r'\s*([\w .\-/]+?):\s*("(?:[^"\\]|\\.)*"|[^,]*)(?:,|$)')


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('Steps: 20,"\\abSamplerSeed-./'), max_size=80))
def test_a1111_settings_agree_with_the_former_pattern(line):
    line = "Steps: " + line
    former = {m.group(1).strip(): m.group(2).strip().strip('"') for m in _FORMER_A1111.finditer(line)}
    wanted = set(generator_text._A1111_KEYS)
    new = generator_text.a1111_settings(line)
    assert {k: v for k, v in new.items() if k in wanted} == {k: v for k, v in former.items() if k in wanted}


def test_a1111_settings_keep_quoted_commas():
    line = 'Steps: 20, Sampler: Euler a, Lora hashes: "a: 1, b: 2", Seed: 7'
    assert generator_text.a1111_settings(line) == {
        "Steps": "20", "Sampler": "Euler a", "Lora hashes": "a: 1, b: 2", "Seed": "7"
    }  # fmt: skip


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["parameters", "prompt", "workflow", "Software", "Comment",
                                     "Description", "invokeai_metadata", "other"]),
                    st.text(max_size=300) | _JSONISH.map(json.dumps), max_size=5),
    st.none() | st.text(max_size=200),
)  # fmt: skip
def test_generator_settings_never_raise(text, user_comment):
    found = generator_text.find_generator_params(text, user_comment)
    if found is not None:
        assert all(isinstance(v, str) for v in found.settings.values())


def test_deeply_nested_json_settings_are_unreadable_not_a_crash():
    found = generator_text.find_generator_params({"prompt": "[" * 100_000}, None)
    assert found.settings == {"graph": "unreadable JSON"}
    assert generator_text.find_generator_params({"prompt": "1" * (TEXT_CHARS + 1)}, None).settings["graph"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_user_comment_decoder_never_raises(raw):
    text = exif.decode_user_comment(b"UNICODE\x00" + raw)
    assert text is None or isinstance(text, str)
    assert exif.decode_user_comment(raw) is None or len(raw) > 8


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_exif_reader_never_raises(block):
    """Any bytes as a JPEG's EXIF segment: the file opens, or gives a clear ImageError."""
    from hostile_corpus import jpeg_with_segment

    data = jpeg_with_segment(0xE1, b"Exif\x00\x00" + block)
    try:
        specimen = looktwice.open_specimen(data)
    except looktwice.ImageError as exc:
        assert exc.message.en
        return
    info = exif.read_exif(specimen.opened)
    assert all(len(v) <= 300 for v in info.fields.values())


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_colour_profile_reader_never_raises(icc):
    from looktwice.meta.icc import profile_name

    name = profile_name(b"\x00\x00\x02\x0cappl\x02\x10\x00\x00mntrRGB XYZ " + icc)
    assert name is None or (isinstance(name, str) and len(name) < 10_000)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_container_walkers_never_raise_when_lenient(data):
    chunks = containers.png_chunks(containers.PNG_SIGNATURE + data, strict=False)
    segments, _ = containers.jpeg_segments(b"\xff\xd8" + data, strict=False)
    assert len(chunks) <= CONTAINER_PARTS and len(segments) <= CONTAINER_PARTS
    assert sum(len(c) for _, c in chunks) <= len(data) + 8
    assert (containers.tiff_frame_count(b"II*\x00" + data, 50) or 0) <= 51
    try:
        rebuilt, dropped = containers.png_text_within_limits(containers.PNG_SIGNATURE + data)
    except containers.TooManyParts:
        raise AssertionError("3,000 bytes cannot hold 100,000 chunks") from None
    assert len(rebuilt) <= len(data) + 8 and dropped >= 0


def test_png_walk_stops_at_iend():
    png = CASES["thin_image"][1]()
    chunks = containers.png_chunks(png + bytes(12 * 1000))
    assert chunks[-1][0] == b"IEND"


# --------------------------------------------------------------------------- escaping

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def live_markup(rendered: str) -> bool:
    return any(tag in rendered for tag in ("<img", "<a ", "<script", "<b>", "<em>", "<strong>", "<h1"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_markdown_escape_leaves_nothing_live(text):
    rendered = _MD.render(safe_text.markdown(text))
    assert not live_markup(rendered)


@pytest.mark.parametrize(
    "text",
    [MARKDOWN_MAKE, "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "http://127.0.0.1:9/x.png",
     "**bold** _em_ # title", "www.example.org", "a@b.org", "$x^2$", "| a | b |"],
)  # fmt: skip
def test_markdown_escape_shows_the_text_literally(text):
    rendered = _MD.render(safe_text.markdown(text))
    assert not live_markup(rendered) and 'href="' not in rendered
    assert html.unescape(rendered) == f"<p>{text}</p>\n"


def test_html_escape():
    assert safe_text.html('<img src="x">&') == "&lt;img src=&quot;x&quot;&gt;&amp;"
    assert "\x1b" not in safe_text.html("\x1b[2J")


def test_terminal_escape_shows_every_control():
    shown = safe_text.terminal(ESCAPES_MODEL + "\u202e\r\nnext\tline")
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert "\\x1b]52;c;" in shown and "\\x9b" in shown and "\\u202e" in shown and "\n" in shown


def test_json_for_terminal_is_the_same_json():
    document = json.dumps({"make": ESCAPES_MODEL + "\u2028\x7f"}, ensure_ascii=False, indent=2)
    shown = safe_text.json_for_terminal(document)
    assert json.loads(shown) == json.loads(document)
    assert not any(0x7F <= ord(c) <= 0x9F or c == "\x1b" for c in shown)


def test_cli_report_and_json_of_a_file_with_escape_codes(tmp_path, capsys):
    from looktwice.cli import main

    path = tmp_path / "labels.jpg"
    path.write_bytes(exif_markdown_and_escapes())
    report = looktwice.inspect(path)
    text = report_as_text(report)
    assert "\x1b" not in text and "\u009b" not in text and "\\x1b]0;pwned" in text
    read = report.result("metadata").data()["exif"]["fields"]
    assert read["model"].startswith("\x1b]0;pwned\x07\x1b]52;c;")  # the data stays exact
    assert main(["inspect", "--json", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u009b" not in out
    fields = json.loads(out)["reports"][0]["analyses"][0]["data"]["exif"]["fields"]
    assert fields == read and fields["make"] == MARKDOWN_MAKE


def test_classroom_markdown_of_a_hostile_file_has_no_live_image_or_link():
    from looktwice.classroom import views as cv

    view = cv.InspectView.from_report(looktwice.inspect(exif_markdown_and_escapes()))
    for lang in ("en", "fr"):
        pages = [cv.credit_md(view, lang), cv.summary_md(view, lang), cv.declared_md(view, lang),
                 cv.findings_md(view, lang)] + [cv.analysis_md(view, n, lang) for n in view.results]  # fmt: skip
        rendered = _MD.render("\n\n".join(pages))
        assert "<img" not in rendered and "href=" not in rendered and "<script" not in rendered
        assert "127.0.0.1:9/track.png" in rendered.replace("\\", "")


# --------------------------------------------------------------------------- C2PA


def test_a_manifest_with_hundreds_of_actions_is_read_up_to_the_cap(tmp_path):
    """A real signed file whose manifest lists 250 actions: the first MANIFEST_ITEMS are read
    and a note says the rest was left out."""
    import c2pa
    from hostile_corpus import small_jpeg

    from looktwice.analyses.credentials import read_credentials
    from looktwice.limits import MANIFEST_ITEMS
    from looktwice.writers import signing

    chain = signing.classroom_chain(tmp_path)
    created = {"action": "c2pa.created", "digitalSourceType": signing.source_type_uri("digitalCapture")}
    actions = [created] + [{"action": "c2pa.edited"}] * 249
    manifest = {"claim_generator_info": [{"name": "Hostile", "version": "1"}], "title": "many",
                "assertions": [{"label": "c2pa.actions", "data": {"actions": actions}}]}  # fmt: skip
    info = c2pa.C2paSignerInfo(alg=b"es256", sign_cert=chain.certificates_pem,
                               private_key=chain.private_key_pem, ta_url=None)  # fmt: skip
    out = io.BytesIO()
    with c2pa.Context.from_dict(signing.OFFLINE_SETTINGS) as context, \
            c2pa.Signer.from_info(info) as signer, c2pa.Builder(manifest, context=context) as builder:  # fmt: skip
        builder.sign(signer, "image/jpeg", io.BytesIO(small_jpeg(256, 256)), out)
    result = read_credentials(out.getvalue(), "image/jpeg")
    assert result.state in ("valid_untrusted", "valid") and len(result.actions) == MANIFEST_ITEMS
    assert any(f"more than {MANIFEST_ITEMS}" in n.en for n in result.notes)
