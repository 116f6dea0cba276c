"""Everything in the kit that writes or changes an image file, in one place.

The rest of the library *reads*: :mod:`looktwice.image_file` opens a file, the analyses
(:mod:`looktwice.analyses`, :mod:`looktwice.meta`) say what it carries, :mod:`looktwice.report`
weighs the evidence. The modules here make the files those readers are tried on: the kit's
own examples, the lessons' forged and washed copies, the classroom app's "break the evidence"
tab. Each takes the bytes of an image file and returns the bytes of a new one; nothing is
written to disk except the classroom certificate that :mod:`~looktwice.writers.signing` keeps.

* :mod:`~looktwice.writers.labels` - write a label beside the pixels: an IPTC digital source
  type (XMP), generator settings (a PNG ``parameters`` chunk), camera EXIF;
* :mod:`~looktwice.writers.signing` - sign with Content Credentials (C2PA), with the
  classroom's own teaching certificate chain;
* :mod:`~looktwice.writers.watermark` - hide the ``dwtDct`` invisible watermark in the pixels
  (the reading side is :mod:`looktwice.analyses.watermark`);
* :mod:`~looktwice.writers.launder` - everyday operations that wash evidence out: re-saving,
  resizing, cropping, screenshots, a social network's treatment;
* :mod:`~looktwice.writers.strip` - remove every label and keep the compressed pixels;
* :mod:`~looktwice.writers.tamper` - change pixels and keep every label (an edit that
  "forgets" to re-sign), or re-compress the same pixels.

The rule that keeps this layout honest (``tests/test_layering.py``): a reader never imports a
writer. Writers may use readers (to open a file, to find a file's chunks), and the surfaces
above them (lessons, the classroom app, the example catalogue) use both. When a writer and a
reader need the same piece of knowledge (what a label chunk is, the watermark's constants),
it lives on the reading side.

Importing this package imports none of its modules: ``from looktwice.writers import labels``
loads only what it names.

>>> from PIL import Image
>>> from looktwice.writers import labels, launder
>>> picture = launder.encode(Image.new("RGB", (64, 48), "olive"))
>>> labelled = labels.with_source_type(picture, "trainedAlgorithmicMedia")
>>> b"trainedAlgorithmicMedia" in labelled, b"trainedAlgorithmicMedia" in launder.resave_jpeg(labelled)
(True, False)
"""
