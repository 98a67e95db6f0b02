"""The settings one build runs with: where things live, the allowed tags, and the build's flags.

Two ways in, one `Settings`:
- `Settings.from_values`: what the MkDocs hooks use. They hand over plain values from MkDocs'
  resolved config (`!ENV` applied, plugins validated), and each flag is checked here: a value
  that is not a clear true/false or a positive number is a located error, never a silent default.
- `read_settings`: for the commands that run without MkDocs (`notes-index`, `new-note`). The
  allowed tags are stated once, as the Material tags plugin's `tags_allowed`, so the plugin and our
  validation can never disagree. mkdocs.yml uses Python-specific YAML tags (`!!python/name:`,
  `!ENV`), which a safe loader refuses; we read it with a loader that skips them, rather than
  running MkDocs' full config validation (which imports every plugin) just to read one list. The
  build's flags keep their defaults there: those commands do not build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from notekit.notes.errors import NotesError, Problem

CONFIG_FILE = "mkdocs.yml"  # the name messages give the config when none other is known
NOTES_DIR = "notes"
# `key: !ENV [NAME, default]` or `key: !ENV NAME`: the variable a reader sets to change the key.
TAGS_HINT = "add `- tags: {tags_allowed: [...]}` under plugins:"
_ENV_NAME = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


class _TolerantLoader(yaml.SafeLoader):
    pass


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass(frozen=True)
class Settings:
    root: Path  # the repository (where mkdocs.yml is)
    docs_dir: Path
    allowed_tags: frozenset[str]
    site_name: str = "Notes"  # names the Anki deck and its file (notekit.outputs.deck)
    site_url: str = ""  # "" without one (the OFFLINE=true copy)
    site_description: str = ""
    strict: bool = False  # `strict: true` (or --strict): problems refuse the build
    preview: bool = False  # `mkdocs serve`: a stale README is refreshed, missing questions are drafts
    reader_features: bool = True  # extra.reader_features (READER_FEATURES)
    prerender: bool = True  # extra.prerender (PRERENDER): diagrams and math drawn at build time
    render_timeout: float = 30.0  # extra.render_timeout (RENDER_TIMEOUT), seconds
    # extra.render_cache (RENDER_CACHE): drawn diagrams and formulas, kept between builds; relative
    # to `root` unless absolute. The tests keep theirs outside the repository (scripts/dev.py).
    render_cache: Path = Path(".cache", "render")
    offline: bool = False  # the offline plugin is on (OFFLINE=true)
    # extra.sidebar_group_size: a sidebar section longer than this is split into groups of this
    # many pages (notekit.index.nav), so each page renders one group under navigation.prune.
    sidebar_group_size: int = 50
    # pymdownx.snippets' base_path, where a note's `--8<--` includes are looked up (relative ones
    # against `root`); empty: `root` itself. llms-full.txt includes the same files the page does.
    snippet_paths: tuple[Path, ...] = ()
    config_name: str = CONFIG_FILE  # the config file's name, for messages located in it

    @property
    def notes_dir(self) -> Path:
        return self.docs_dir / NOTES_DIR

    @classmethod
    def from_values(
        cls,
        *,
        config_file: Path,
        docs_dir: Path,
        allowed_tags: object,
        site_name: object,
        site_url: object = None,
        site_description: object = None,
        strict: object = False,
        preview: bool = False,
        extra: Mapping[str, object] | None = None,
        offline: object = False,
        snippet_paths: object = None,
        config_text: str | None = None,
    ) -> Settings:
        """Settings from values a generator has already read and resolved (MkDocs: `!ENV` applied).

        Plain Python values only, so notekit needs nothing of the generator. Every problem is
        collected and raised at once as NotesError, located in `config_file` by the key's line in
        `config_text` (its text, when given; line 1 where the key is not written in it).
        """
        display = config_file.name
        extra = extra or {}
        problems: list[Problem] = []

        def where(key: str) -> int:
            return key_line(config_text or "", key)

        def wrong(key: str, problem: str, hint: str, field: str = "") -> None:
            problems.append(Problem(display, where(key), field or key, problem, hint))

        def hint(key: str, wanted: str) -> str:
            line = (config_text or "").splitlines()[where(key) - 1 :][:1]
            env = _ENV_NAME.search(line[0]) if line else None
            return f"set {env[1]} to {wanted}" if env else f"write {wanted}"

        def flag(key: str, value: object, default: bool) -> bool:
            if value is None:
                return default
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                return value.strip().lower() == "true"
            wrong(key, f"must be true or false, not {value!r}", hint(key, "true or false"))
            return default

        def seconds(key: str, value: object, default: float) -> float:
            if value is None:
                return default
            number: float | None = None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                number = float(value)
            elif isinstance(value, str):
                try:
                    number = float(value.strip())
                except ValueError:
                    number = None
            if number is None or not number > 0 or number == float("inf"):
                wanted = "a number such as 30"
                wrong(key, f"must be a number of seconds above 0, not {value!r}", hint(key, wanted))
                return default
            return number

        def count(key: str, value: object, default: int, least: int) -> int:
            if value is None:
                return default
            number: int | None = None
            if isinstance(value, int) and not isinstance(value, bool):
                number = value
            elif isinstance(value, str) and value.strip().isdigit():
                number = int(value.strip())
            if number is None or number < least:
                wanted = f"a whole number of at least {least}, such as {default}"
                wrong(key, f"must be a whole number of at least {least}, not {value!r}", hint(key, wanted))
                return default
            return number

        def text(key: str, value: object, default: str) -> str:
            if value is None:
                return default
            if isinstance(value, str):
                return value.strip() or default
            wrong(key, f"must be text, not {value!r}", "write it in quotes")
            return default

        # None: no tags plugin. Fine for a build that validates no notes (Build.load checks it).
        given: list[object] = []
        if isinstance(allowed_tags, (list, tuple, set, frozenset)):
            given = list(allowed_tags)
        tags = [tag for tag in given if isinstance(tag, str)]
        if len(tags) != len(given) or (allowed_tags is not None and not given):
            wrong("tags_allowed", "no list of words on the tags plugin", TAGS_HINT, field="plugins")
        paths: list[object] = [snippet_paths] if isinstance(snippet_paths, str) else []
        if isinstance(snippet_paths, (list, tuple)):
            paths = list(snippet_paths)
        if not all(isinstance(path, str) and path.strip() for path in paths) or (
            snippet_paths is not None and not isinstance(snippet_paths, (str, list, tuple))
        ):
            wrong(
                "base_path",
                f"must be a folder or a list of folders, not {snippet_paths!r}",
                "e.g. `base_path: [.]`",
            )
            paths = []
        settings = cls(
            root=config_file.parent,
            docs_dir=docs_dir,
            allowed_tags=frozenset(tags),
            site_name=text("site_name", site_name, "Notes"),
            site_url=text("site_url", site_url, ""),
            site_description=text("site_description", site_description, ""),
            strict=flag("strict", strict, False),
            preview=preview,
            reader_features=flag("extra.reader_features", extra.get("reader_features"), True),
            prerender=flag("extra.prerender", extra.get("prerender"), True),
            render_timeout=seconds("extra.render_timeout", extra.get("render_timeout"), 30.0),
            render_cache=config_file.parent
            / text("extra.render_cache", extra.get("render_cache"), ".cache/render"),
            offline=flag("offline", offline, False),
            sidebar_group_size=count("extra.sidebar_group_size", extra.get("sidebar_group_size"), 50, 2),
            snippet_paths=tuple(config_file.parent / str(path).strip() for path in paths),
            config_name=display,
        )
        if problems:
            raise NotesError(problems)
        return settings


def key_line(text: str, key: str) -> int:
    """The line of mkdocs.yml where `key` (`site_name`, or `extra.prerender` for a key of the
    `extra:` mapping) is written; 1 where it cannot be found."""
    *parents, name = key.split(".")
    start = 0
    lines = text.splitlines()
    for parent in parents:
        found = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(parent)}\s*:", line)), None)
        if found is None:
            return 1
        start = found + 1
    pattern = re.compile(rf"\s*-?\s*{re.escape(name)}\s*:")
    for number, line in enumerate(lines[start:], start + 1):
        if parents and line.strip() and not line[0].isspace() and not line.lstrip().startswith("#"):
            break  # past the end of the parent mapping
        if pattern.match(line):
            return number
    return 1


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
    tags = frozenset(allowed_tags(plugins, display))
    return Settings(root, root / docs_dir, tags, site_name, config_name=display)


def _problem(display: str, line: int, field: str, problem: str, hint: str = "") -> NotesError:
    hint = hint or "see https://www.mkdocs.org/user-guide/configuration/"
    return NotesError([Problem(display, line, field, problem, hint)])


def allowed_tags(plugins: list[object] | dict[object, object], display: str) -> list[str]:
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
    raise NotesError([no_tags_problem(display)])


def no_tags_problem(display: str, line: int = 1) -> Problem:
    """The notes cannot be checked without the list of allowed tags."""
    return Problem(display, line, "plugins", "no `tags_allowed` list on the tags plugin", TAGS_HINT)
