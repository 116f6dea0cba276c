"""Write labels into image files: an IPTC digital source type (XMP) or generator settings.

The kit uses these to make its teaching specimens, and lessons use them to show how easily a
label is written, copied or forged: they change the file, never the pixels. (Signed C2PA
credentials are made by :mod:`looktwice.writers.signing`.)
"""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

from ..source_types import lookup

_XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
    'Iptc4xmpExt:DigitalSourceType="{uri}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def xmp_packet(term: str) -> str:
    """An XMP packet declaring the IPTC digital source type ``term``.

    Parameters
    ----------
    term : str
        An IPTC digital source type term, such as ``"digitalCapture"`` or
        ``"trainedAlgorithmicMedia"`` (see :mod:`looktwice.source_types`).

    Returns
    -------
    str
        The packet, ready to be written into a file's XMP.

    Raises
    ------
    ValueError
        If ``term`` is not in the IPTC vocabulary.

    Examples
    --------
    >>> from looktwice.writers.labels import xmp_packet
    >>> packet = xmp_packet("trainedAlgorithmicMedia")
    >>> 'DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"' in packet
    True
    """
    entry = lookup(term)
    if entry is None:
        raise ValueError(f"unknown IPTC digital source type: {term!r}")
    return _XMP.format(uri=entry.uri)


def _reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _kept_text(image: Image.Image, replacing: str) -> PngImagePlugin.PngInfo:
    """PNG text chunks already in the file, except ``replacing``, so labels add up."""
    info = PngImagePlugin.PngInfo()
    for key, value in (getattr(image, "text", None) or {}).items():
        if key == replacing:
            continue
        if key == "XML:com.adobe.xmp":
            info.add_itxt(key, value)
        else:
            info.add_text(key, value)
    return info


def with_source_type(data: bytes, term: str) -> bytes:
    """The same pixels as ``data``, saved with an IPTC digital source type in XMP.

    PNG stays lossless (every text chunk already there is kept); JPEG is re-saved at quality 95,
    with its EXIF.

    Parameters
    ----------
    data : bytes
        A PNG or JPEG file.
    term : str
        The IPTC digital source type to declare (``"trainedAlgorithmicMedia"``, ...).

    Returns
    -------
    bytes
        The labelled file, in the same format.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers.labels import with_source_type
    >>> buf = io.BytesIO()
    >>> Image.new("RGB", (32, 24), "orange").save(buf, "PNG")
    >>> labelled = with_source_type(buf.getvalue(), "trainedAlgorithmicMedia")
    >>> b"trainedAlgorithmicMedia" in labelled, Image.open(io.BytesIO(labelled)).size
    (True, (32, 24))
    """
    image = _reopen(data)
    packet = xmp_packet(term)
    buf = io.BytesIO()
    if image.format == "JPEG":
        image.save(buf, "JPEG", quality=95, xmp=packet.encode("utf-8"), exif=image.getexif())
    else:
        info = _kept_text(image, "XML:com.adobe.xmp")
        info.add_itxt("XML:com.adobe.xmp", packet)
        image.save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def with_generator_parameters(data: bytes, prompt: str, settings: dict[str, object]) -> bytes:
    """The same pixels saved as PNG with an AUTOMATIC1111-style ``parameters`` text chunk.

    Parameters
    ----------
    data : bytes
        The image file (any format Pillow reads; the result is PNG).
    prompt : str
        The prompt, written on the first line.
    settings : dict
        Generator settings, written on the second line as ``key: value`` pairs.

    Returns
    -------
    bytes
        The PNG file.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers.labels import with_generator_parameters
    >>> buf = io.BytesIO()
    >>> Image.new("RGB", (32, 24), "orange").save(buf, "PNG")
    >>> png = with_generator_parameters(buf.getvalue(), "an orange card", {"Steps": 20, "Seed": 7})
    >>> Image.open(io.BytesIO(png)).text["parameters"]
    'an orange card\\nSteps: 20, Seed: 7'
    """
    line = ", ".join(f"{k}: {v}" for k, v in settings.items())
    image = _reopen(data)
    info = _kept_text(image, "parameters")
    info.add_text("parameters", f"{prompt}\n{line}")
    buf = io.BytesIO()
    image.save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def with_camera_exif(data: bytes, make: str, model: str, captured: str) -> bytes:
    """The same pixels saved as JPEG (quality 95) with camera EXIF tags: a forged "camera" label.

    Parameters
    ----------
    data : bytes
        The image file (any format Pillow reads; the result is JPEG).
    make, model : str
        The camera maker and model written in EXIF.
    captured : str
        The capture date, as EXIF writes it (``"2021:06:14 09:30:00"``).

    Returns
    -------
    bytes
        The JPEG file.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> from looktwice.writers.labels import with_camera_exif
    >>> buf = io.BytesIO()
    >>> Image.new("RGB", (32, 24), "orange").save(buf, "PNG")
    >>> jpeg = with_camera_exif(buf.getvalue(), "Canon", "Canon EOS 5D", "2021:06:14 09:30:00")
    >>> exif = Image.open(io.BytesIO(jpeg)).getexif()
    >>> exif[0x010F], exif[0x0110]
    ('Canon', 'Canon EOS 5D')
    """
    image = _reopen(data).convert("RGB")
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = make, model
    exif.get_ifd(0x8769)[0x9003] = captured
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=95, exif=exif)
    return buf.getvalue()
