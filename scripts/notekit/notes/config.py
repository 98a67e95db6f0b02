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

from notekit.notes.errors import NotesError, Problem

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
    site_name: str = "Notes"  # names the Anki deck and its file (notekit.outputs.deck)

    @property
    def notes_dir(self) -> Path:
        return self.docs_dir / NOTES_DIR


def read_settings(config_file: Path) -> Settings:
    """Settings from mkdocs.yml; NotesError, located in it, if they cannot be read."""
    display = config_file.name
    try:
        text = config_file.read_bytes().decode("utf-8-sig")
        config = yaml.load(text, Loader=_TolerantLoader) or {}  # noqa: S506 - safe subclass
    except UnicodeDecodeError:
        raise _problem(display, 1, "encoding", "not valid UTF-8", "save the file as UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 1
        raise _problem(display, line, "config", f"malformed YAML: {exc.problem or exc.context}") from None
    except (OSError, yaml.YAMLError) as exc:
        raise _problem(display, 1, "config", f"cannot be read: {exc}") from None
    if not isinstance(config, dict):
        raise _problem(display, 1, "config", "must be a mapping of settings", "write `key: value` lines")
    docs_dir = config.get("docs_dir", "docs")
    if not isinstance(docs_dir, str) or not docs_dir.strip():
        raise _problem(display, 1, "docs_dir", "must be a folder name", "e.g. `docs_dir: docs`")
    plugins = config.get("plugins") or []
    if not isinstance(plugins, (list, dict)):
        raise _problem(display, 1, "plugins", "must be a list", "write `plugins:` with `- name` items")
    root = config_file.parent
    site_name = config.get("site_name")
    site_name = site_name.strip() if isinstance(site_name, str) and site_name.strip() else "Notes"
    return Settings(root, root / docs_dir, frozenset(allowed_tags(plugins, display)), site_name)


def _problem(display: str, line: int, field: str, problem: str, hint: str = "") -> NotesError:
    hint = hint or "see https://www.mkdocs.org/user-guide/configuration/"
    return NotesError([Problem(display, line, field, problem, hint)])


def allowed_tags(plugins: list | dict, display: str) -> list[str]:
    """`tags_allowed` of the tags plugin, from the plugins list or mapping of mkdocs.yml."""
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(p.items())) if isinstance(p, dict) and p else (p, None) for p in plugins)
    )
    for name, options in entries:
        if isinstance(name, str) and name in ("tags", "material/tags") and isinstance(options, dict):
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
