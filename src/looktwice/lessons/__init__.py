"""The lessons: find and read their sources, make notebooks, print handouts.

The lesson texts live in ``lessons/`` at the top of the project (see ``lessons/README.md``);
this package is the code that serves them: :mod:`.source` reads them, :mod:`.notebooks`
turns them into notebooks and opens JupyterLab, :mod:`.handout` prints worksheets and answer
keys, :mod:`.cli` is the ``looktwice lessons`` command.
"""
