"""The parts of spaCy clausecheck uses, loaded without the rest of spaCy.

clausecheck uses a blank English tokenizer, its vocabulary, ``Doc`` arrays, ``Matcher`` and
``PhraseMatcher``; never ``spacy.language``, the pipeline registry, the trainable components or
the CLI. ``import spacy`` loads all of them (``spacy/__init__.py``; 0.25-0.3 s of a cold scan,
measured), and so does ``spacy.blank("en")``, which resolves a config through thinc's registry.

**Lean path** (``english``): the ``spacy`` package goes into ``sys.modules`` without running its
``__init__.py`` (and ``spacy.lang.en`` the same way), so importing the Cython modules loads only
what they import themselves. Two modules ``tokenizer.pyx`` imports only for a method clausecheck
never calls (``Tokenizer.score``: ``spacy.scorer``, ``spacy.training``), whose own imports reach
``spacy.language`` and every pipeline, stand in as placeholders while the modules load: a name
taken from one is a forwarder that loads the real object on first use. The placeholders leave
``sys.modules`` straight after, so any later import gets the real modules. (``spacy.schemas``
loads for real: every ``PhraseMatcher``, the tokenizer's own included, reads its token-pattern
fields.) The tokenizer and vocabulary are then built from the English defaults exactly as
``spacy.blank("en")`` builds them (``Language.__init__``, ``create_tokenizer``);
``tests/nlp/test_lean_spacy.py`` proves the tokens, token attributes, lemmas and sentences equal.

**The rest of spaCy stays reachable**: the first attribute asked of the ``spacy`` package that is
not a submodule (``spacy.blank``, ``spacy.__version__``), and any other ``spacy.*`` import (a
meta-path hook), runs its real ``__init__.py`` in place first, in the order it imports its
circular modules; nothing loads twice.

**Fallback**: a spaCy version the lean path was not verified against (``VERIFIED``), or any
failure of the lean imports, takes the ordinary import (``full``) and ``spacy.blank("en")``.

``full`` imports spaCy without its command-line package: ``spacy/__init__.py`` imports
``spacy.cli.info`` only to re-export ``spacy.info``, and that pulls in spaCy's whole CLI (typer,
requests, jinja2, weasel, every subcommand). For the duration of that import, placeholder
``spacy.cli`` and ``spacy.cli.info`` modules stand in; they are removed from ``sys.modules``
straight after, so ``import spacy.cli`` later loads the real package, and the placeholder
``spacy.info`` hands its call to the real one. If a spaCy version needs anything else from
``spacy.cli`` at import time, the placeholders are dropped and spaCy is imported the ordinary way.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import re
import sys
import types
from pathlib import Path
from typing import Any

# spaCy versions (major.minor) whose module graph the lean path was checked against; add one
# only after tests/nlp/test_lean_spacy.py passes with it
VERIFIED = ("3.8",)  # tests/nlp/test_lean_spacy.py ran on 3.8.18
# modules the Cython classes import for methods clausecheck never calls (see the docstring)
_DEFERRED = ("spacy.scorer", "spacy.training")


def _info(*args, **kwargs):
    """``spacy.info``, loaded on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _import_without_cli() -> None:
    """Run ``import spacy`` (or finish a package left unexecuted by the lean path) with
    placeholder ``spacy.cli`` modules."""
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that "spacy.cli.info" can be imported from it
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    stubs = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stubs)
    try:
        package = sys.modules.get("spacy")
        if isinstance(package, _Unexecuted):
            package.execute()
        else:
            import spacy  # noqa: F401
    finally:
        for name, module in stubs.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    spacy = sys.modules["spacy"]
    if getattr(spacy, "cli", None) is cli:
        delattr(spacy, "cli")  # "import spacy.cli" sets the real one


def full() -> types.ModuleType:
    """The ``spacy`` package, imported in full (without its CLI package, see the docstring)."""
    spacy = sys.modules.get("spacy")
    if spacy is not None and not isinstance(spacy, _Unexecuted):
        return spacy
    try:
        _import_without_cli()
    except ImportError:  # this spaCy wants more of its CLI: do the import fully
        package = sys.modules.get("spacy")
        if package is not None and package.__dict__.get("_cc_lean"):
            # the lean path's Cython modules cannot load twice: run __init__.py again in place
            spec = package.__spec__
            assert spec is not None and spec.loader is not None
            spec.loader.exec_module(package)
        else:  # forget the partial import
            for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
                del sys.modules[name]
            import spacy  # noqa: F401
    return sys.modules["spacy"]


class _Unexecuted(types.ModuleType):
    """A package in ``sys.modules`` whose ``__init__.py`` has not run: its submodules import as
    usual; the first other attribute asked of it runs ``__init__.py`` in place."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name not in {"__version__", "__all__"}:
            raise AttributeError(name)
        if not self.__dict__.get("_cc_executing"):
            # "from . import about": a submodule loads as it would from the real package
            child = f"{self.__name__}.{name}"
            if child in sys.modules:
                return sys.modules[child]
            if importlib.util.find_spec(child) is not None:
                return importlib.import_module(child)
            if self.__name__ == "spacy":
                full()  # with the CLI placeholders; runs execute()
            else:
                self.execute()
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}") from None

    def execute(self) -> None:
        if self.__dict__.get("_cc_executing"):
            return
        self.__dict__["_cc_executing"] = True
        self.__class__ = types.ModuleType  # type: ignore[assignment] # an ordinary module now
        if self.__name__ == "spacy" and _FINDER in sys.meta_path:
            sys.meta_path.remove(_FINDER)
        spec = self.__spec__
        assert spec is not None and spec.loader is not None
        spec.loader.exec_module(self)


class _Forward:
    """A name taken from a deferred module: resolved on first use."""

    def __init__(self, module: str, name: str) -> None:
        self._cc_where = (module, name)

    def _cc_target(self) -> Any:
        module, name = self._cc_where
        return getattr(importlib.import_module(module), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._cc_target()(*args, **kwargs)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_cc_"):
            raise AttributeError(attr)
        return getattr(self._cc_target(), attr)


class _Deferred(types.ModuleType):
    """Stands in for a module while the Cython modules load (see ``_DEFERRED``)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Forward(self.__name__, name)


class _CompleteFirst(importlib.abc.MetaPathFinder):
    """Once the lean path has loaded its modules: any other ``spacy.*`` module (``spacy.cli``,
    ``spacy.language``) is imported after ``spacy/__init__.py`` has run, in the order it imports
    them (their imports are circular: another order fails)."""

    def find_spec(self, fullname, path, target=None):
        if fullname.startswith("spacy.") and isinstance(sys.modules.get("spacy"), _Unexecuted):
            full()
        return None  # the ordinary finders do the import


_FINDER = _CompleteFirst()


def _unexecuted(name: str) -> _Unexecuted:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        raise ImportError(f"no package {name}")
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _Unexecuted
    return module  # type: ignore[return-value]


def installed_version() -> str | None:
    """The installed spaCy's version, read from ``spacy/about.py`` without importing spaCy."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return None
    try:
        about = (Path(next(iter(spec.submodule_search_locations))) / "about.py").read_text()
    except OSError:
        return None
    m = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", about, re.M)
    return m.group(1) if m else None


def lean_supported() -> bool:
    version = installed_version() or ""
    return ".".join(version.split(".")[:2]) in VERIFIED


class _Defaults:
    """``spacy.lang.en.English.Defaults``: the fields ``spacy.blank("en")`` builds from."""

    def __init__(self) -> None:
        from spacy.lang.en.lex_attrs import LEX_ATTRS
        from spacy.lang.en.punctuation import TOKENIZER_INFIXES
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.lang.en.syntax_iterators import SYNTAX_ITERATORS
        from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS
        from spacy.lang.punctuation import TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
        from spacy.lang.tokenizer_exceptions import URL_MATCH

        self.tokenizer_exceptions = TOKENIZER_EXCEPTIONS
        self.prefixes = TOKENIZER_PREFIXES
        self.suffixes = TOKENIZER_SUFFIXES
        self.infixes = TOKENIZER_INFIXES
        self.token_match = None
        self.url_match = URL_MATCH
        self.lex_attr_getters = LEX_ATTRS
        self.stop_words = STOP_WORDS
        self.syntax_iterators = SYNTAX_ITERATORS
        self.writing_system = {"direction": "ltr", "has_case": True, "has_letters": True}


def _lean_imports() -> None:
    """Load the Cython classes with ``spacy`` and ``spacy.lang.en`` unexecuted and the deferred
    modules as placeholders."""
    if "spacy" not in sys.modules:
        package = _unexecuted("spacy")
        package.__dict__["_cc_lean"] = True
        sys.modules["spacy"] = package
    deferred = {n: _Deferred(n) for n in _DEFERRED if n not in sys.modules}
    sys.modules.update(deferred)
    try:
        importlib.import_module("spacy.lang")
        if "spacy.lang.en" not in sys.modules:
            sys.modules["spacy.lang.en"] = _unexecuted("spacy.lang.en")
        # the order spacy/__init__.py imports them in: doc, span and vocab import each other
        for name in ("spacy.errors", "spacy.util", "spacy.tokens", "spacy.vocab"):
            importlib.import_module(name)
        for name in ("spacy.tokenizer", "spacy.matcher", "spacy.lang.en.syntax_iterators"):
            importlib.import_module(name)
    finally:
        for stub_name, stub in deferred.items():
            if sys.modules.get(stub_name) is stub:
                del sys.modules[stub_name]
            parent, _, attr = stub_name.rpartition(".")
            if parent in sys.modules and vars(sys.modules[parent]).get(attr) is stub:
                delattr(sys.modules[parent], attr)


def _affixes(kind: str, entries: Any, util: Any) -> Any:
    """``util.compile_{kind}_regex(entries)``, its engine code from the data cache
    (``data.rxcache``): the three affix regexes took a fifth of building the tokenizer."""
    import json

    from clausecheck.data import rxcache

    make = getattr(util, f"compile_{kind}_regex")
    try:
        source = json.dumps([installed_version(), kind, list(entries)])
    except (TypeError, ValueError):  # an entry that is not text: compile it as spaCy does
        return make(entries)
    return rxcache.derived(source, lambda: make(entries))


def english() -> tuple[Any, Any]:
    """``(vocab, tokenizer)`` of a blank English pipeline: lean when this spaCy allows it
    (see the docstring), else from ``spacy.blank("en")``."""
    if lean_supported():
        try:
            _lean_imports()
            from spacy import util
            from spacy.tokenizer import Tokenizer
            from spacy.vocab import create_vocab

            defaults = _Defaults()
        except Exception:
            pass  # the ordinary way below
        else:
            if isinstance(sys.modules.get("spacy"), _Unexecuted):
                sys.meta_path.insert(0, _FINDER)
            # as spacy.blank("en"): Language.__init__ and spacy.language.create_tokenizer
            vocab = create_vocab("en", defaults)
            tokenizer = Tokenizer(
                vocab,
                rules=defaults.tokenizer_exceptions,
                prefix_search=_affixes("prefix", defaults.prefixes, util).search,
                suffix_search=_affixes("suffix", defaults.suffixes, util).search,
                infix_finditer=_affixes("infix", defaults.infixes, util).finditer,
                token_match=defaults.token_match,
                url_match=defaults.url_match,
            )
            return vocab, tokenizer
    nlp = full().blank("en")
    return nlp.vocab, nlp.tokenizer


def __getattr__(name: str) -> Any:
    if name == "spacy":  # the whole package, on request (it used to be imported here)
        return full()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
