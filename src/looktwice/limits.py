"""How much of a stranger's file the kit is willing to read: every size cap in one place.

An image file comes from anyone: a student's upload, a download, a message attachment. Its
labels (EXIF, XMP, PNG text, generator settings, C2PA manifests) are text that its author
chose, and some files are made to hang or exhaust the program that reads them. Every parser
in the kit therefore reads in time linear in its input and stops at these caps; when a cap is
reached, the report says so in a note and shows what was read up to it. See ``SECURITY.md``.

The caps sit far above what real files carry (an XMP packet of a few kilobytes, a ComfyUI
graph of a few hundred, a JPEG header of a few dozen segments), so that a real file is never
cut short.
"""

from __future__ import annotations

#: Largest file, in bytes, the kit will read.
FILE_LIMIT = 150 * 1024 * 1024

#: Largest image, in pixels, the kit will decode. A 12-megapixel photo needs about 0.6 GB for
#: the full report; this limit keeps a school laptop responsive and stops decompression bombs
#: (a small file that claims to be an enormous image) before any pixel is decoded.
PIXEL_LIMIT = 40_000_000

#: The only formats the kit hands to Pillow. Anything else, whatever its name, is refused
#: before any decoder runs: Pillow also reads PostScript (through Ghostscript, an external
#: program), and formats no class needs add code that a hostile file can reach. (Phones'
#: multi-picture JPEGs, MPO, are opened by the JPEG reader.)
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "TIFF", "BMP")

#: Most chunks (PNG) or header segments (JPEG) walked in one file. A 150 MB PNG written in
#: 8 KB pieces has about 19,000 chunks; a camera JPEG's header has a few dozen segments.
CONTAINER_PARTS = 100_000
#: Most segments allowed in a JPEG header before the kit refuses the file: Pillow keeps every
#: one in memory (five million empty comments took 1 GB).
JPEG_HEADER_SEGMENTS = 5_000

#: Most frames counted in a multi-frame TIFF (Pillow's own count is quadratic in frames).
TIFF_FRAMES = 1_000

#: Longest XMP packet read, in bytes (real packets are a few kilobytes; Adobe's own "extended
#: XMP" splits anything above 64 KB).
XMP_BYTES = 1_000_000
#: Longest text label read (a PNG text chunk, an EXIF UserComment, generator settings), in
#: characters. Prompts are a few hundred characters; ComfyUI graphs a few hundred thousand.
TEXT_CHARS = 1_000_000
#: Longest PNG text or colour-profile chunk read, in bytes once inflated, and the most text
#: read from all chunks together (Pillow's own limits, 1 MB and 64 MB, refuse the whole
#: file, pixels included; the kit drops the chunks over its limits and says so instead).
PNG_TEXT_BYTES = 1_000_000
PNG_TEXT_TOTAL_BYTES = 16_000_000
#: Largest EXIF block read, in bytes: JPEG's own cap (one 64 KB segment). Pillow copies each
#: tag's value out of the block, so a larger block with overlapping values could cost
#: gigabytes; a PNG or WebP with more EXIF than a JPEG can hold is reported, not read.
EXIF_BYTES = 65_536
#: Largest colour profile read, in bytes (real ones are under 1 MB).
ICC_BYTES = 4_000_000
#: Most nodes looked at in generator settings written as JSON (a ComfyUI graph). Nesting is
#: bounded by Python's own recursion limit, which ends the parse with an error.
JSON_NODES = 20_000

#: Largest C2PA manifest store, as the SDK's JSON, in characters; and the most ingredients and
#: actions shown from it.
MANIFEST_JSON_CHARS = 20_000_000
MANIFEST_ITEMS = 200
