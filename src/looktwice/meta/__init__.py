"""Readers for the metadata a file carries: EXIF, XMP, generator text chunks, JPEG tables, ICC.

Each reader takes what Pillow opened (or the raw bytes) and returns plain values. They never
raise on malformed data: broken metadata is reported as broken, and the rest is still read.
"""
