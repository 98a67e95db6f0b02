"""Where things live, and the allowed tags, read from mkdocs.yml.

The allowed tags are stated once, as the Material tags plugin's `tags_allowed`, so the plugin and
our validation can never disagree. mkdocs.yml uses Python-specific YAML tags (`!!python/name:`,
`!ENV`), which a safe loader refuses; we read it with a loader that skips them, rather than running
MkDocs' full config validation (which imports every plugin) just to read one list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import NotesError, Problem

CONFIG_FILE = "mkdocs.yml"
NOTES_DIR = "notes"


class _TolerantLoader(yaml.SafeLoader):
    pass


def _ignore_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass(frozen=True)
class Settings:
    root: Path  # the repository (where mkdocs.yml is)
    docs_dir: Path
    allowed_tags: frozenset[str]

    @property
    def notes_dir(self) -> Path:
        return self.docs_dir / NOTES_DIR


def read_settings(config_file: Path) -> Settings:
    """Settings from mkdocs.yml; NotesError if the allowed tags cannot be found."""
    display = config_file.name
    with config_file.open(encoding="utf-8-sig") as handle:
        config = yaml.load(handle, Loader=_TolerantLoader) or {}  # noqa: S506 - safe subclass
    root = config_file.parent
    docs_dir = root / config.get("docs_dir", "docs")
    return Settings(root, docs_dir, frozenset(allowed_tags(config.get("plugins") or [], display)))


def allowed_tags(plugins: list | dict, display: str) -> list[str]:
    """`tags_allowed` of the tags plugin, from the plugins list or mapping of mkdocs.yml."""
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins)
    )
    for name, options in entries:
        if name in ("tags", "material/tags") and isinstance(options, dict):
            tags = options.get("tags_allowed")
            if isinstance(tags, list) and tags and all(isinstance(t, str) for t in tags):
                return tags
    raise NotesError(
        [
            Problem(
                display,
                1,
                "plugins",
                "no `tags_allowed` list on the tags plugin",
                "add `- tags: {tags_allowed: [...]}` under plugins:",
            )
        ]
    )
