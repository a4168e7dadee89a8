"""Importing spaCy without its command-line package.

``spacy/__init__.py`` imports ``spacy.cli.info`` only to re-export ``spacy.info``, and that pulls
in spaCy's whole CLI (typer, requests, jinja2, weasel, every subcommand): 0.26 s measured here,
an eighth of a cold ``clausecheck scan``. clausecheck never uses it. For the duration of the
first ``import spacy`` only, placeholder ``spacy.cli`` and ``spacy.cli.info`` modules stand in;
they are removed from ``sys.modules`` straight after, so ``import spacy.cli`` later loads the
real package, and the placeholder ``spacy.info`` hands its call to the real one. If a spaCy
version needs anything else from ``spacy.cli`` at import time, the placeholders are dropped and
spaCy is imported the ordinary way.
"""

from __future__ import annotations

import sys
import types


def _info(*args, **kwargs):
    """``spacy.info``, loaded on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _load() -> types.ModuleType:
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that "spacy.cli.info" can be imported from it
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    stubs = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stubs)
    partial = False
    try:
        import spacy
    except ImportError:
        partial = True
    finally:
        for name, module in stubs.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if partial:  # this spaCy wants more of its CLI: forget the partial import, do it fully
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        import spacy
    elif getattr(spacy, "cli", None) is cli:
        delattr(spacy, "cli")  # "import spacy.cli" sets the real one
    return spacy


spacy = _load()
