"""Reading the project's YAML data files (provisions, clause library, profiles, moments) safely.

Safe construction only (no Python tags), no duplicate keys (a silent overwrite hides a data bug)
and no aliases (``*name``): data files never need them, and nested aliases turn a 1 KB file into
gigabytes for whoever walks the result. libyaml parses when PyYAML was built with it (about five
times faster, which is most of a cold start); the pure-Python parser is the fallback.
"""

from __future__ import annotations

import functools
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clausecheck import errors
from clausecheck.data import cache

if TYPE_CHECKING:
    import yaml

# PyYAML (with libyaml, 19 ms of CPU to import) loads only when a file is actually parsed: a
# run whose data files all come from the data cache never needs it.


@functools.lru_cache(maxsize=1)
def strict_loader() -> type:
    """The safe loader that refuses aliases and duplicate keys (built on first use)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        """Safe loader that refuses aliases and duplicate keys."""

        def get_single_data(self) -> Any:
            node = self.get_single_node()
            if node is None:
                return None
            _refuse_aliases(node)
            return self.construct_document(node)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return StrictLoader


def _refuse_aliases(root: yaml.Node) -> None:
    """An alias makes the composer reuse a node object: any node reached twice is one."""
    import yaml

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in data files", node.start_mark
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict:
    import yaml

    seen = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):  # "? [a, b]": a list as a key
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a key must be a plain word, not a list or mapping (line "
                f"{key_node.start_mark.line + 1})",
                key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key}' (line {key_node.start_mark.line + 1})",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def loads(text: str) -> Any:
    """Parse YAML text with the strict safe loader (raises yaml.YAMLError)."""
    import yaml

    return yaml.load(text, Loader=strict_loader())  # noqa: S506 - a SafeLoader subclass


MAX_DATA_FILE_BYTES = 4 * 2**20  # the largest shipped data file is a few KB


def read_bounded(path: Path, limit: int = MAX_DATA_FILE_BYTES) -> str:
    """The UTF-8 text of a user's data file: a regular file (never a pipe or a device such as
    /dev/zero, which would never end) of at most ``limit`` bytes. Raises E331."""
    try:
        return read_bounded_bytes(path, limit).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.error("E331", path, reason=exc) from None


def read_bounded_bytes(path: Path, limit: int = MAX_DATA_FILE_BYTES) -> bytes:
    """The bytes of a user's data file, bounded as ``read_bounded`` describes. Raises E331."""
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise errors.error("E331", path, reason="not a regular file: a folder, pipe or device")
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
        if len(raw) > limit:
            reason = f"larger than {limit // 2**20} MiB, more than a data file needs"
            raise errors.error("E331", path, reason=reason)
        return raw
    except OSError as exc:
        raise errors.error("E331", path, reason=exc) from None


def read_mapping(path: Path) -> dict[str, Any]:
    """A data file that must hold a mapping; every problem is a DataFileError naming the file.

    A file parsed before (the same bytes, the same clausecheck version) comes from the data
    cache (``data.cache``) as JSON instead of YAML: a tenth of the time. Callers validate what
    they get either way."""
    raw = read_bounded_bytes(path)
    store = cache.store()
    entry = cache.key("yaml", raw)
    data = store.get(entry)
    if isinstance(data, dict):
        return data
    import yaml

    try:
        # as Path.read_text does: universal newlines
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        data = loads(text)
    except yaml.YAMLError as exc:
        raise errors.error("E330", path, detail=str(exc).splitlines()[0]) from None
    except UnicodeDecodeError as exc:
        raise errors.error("E331", path, reason=exc) from None
    if not isinstance(data, dict):
        raise errors.error("E332", path)
    store.put(entry, data)
    return data
