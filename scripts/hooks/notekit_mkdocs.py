"""What the hooks share: MkDocs' resolved config read once into `notekit.notes.config.Settings`, and
each build's own state kept on that build's config. Not a hook itself (mkdocs.yml does not list it);
the hooks import it from their folder.

Why state lives on the config and not in the hook modules: MkDocs loads a hook file once per process
(`mkdocs.config.config_options.Hooks` caches the module), so anything a hook module kept would leak
from one build into the next: from a `mkdocs serve` rebuild into the one after it, or between two
builds run in one process with different configs. A config is made for each build (serve loads a
fresh one for every rebuild), so whatever is stored under a key of ours in it starts clean and
belongs to that build alone. A plugin class registered through an entry point would hold state the
same way, per instance, but MkDocs caches those instances across rebuilds too and the hooks would
move out of scripts/hooks/ into an installed package; the config is the narrower home.

Two events get no config: `on_build_error` and `on_shutdown`. `close_with` puts a build's clean-up on
that build's own plugin collection (its public `events` lists), so a failed or stopped build closes
what it opened, and nothing else.

`mkdocs serve` names its command only to `on_startup`, which receives no config, and a rebuild's fresh
config never sees it. What every config of a preview does carry is the address serve gives it:
`site_url` on the development server's own host and port (`dev_addr`). `Settings.preview` is read from
that, so a rebuild knows it previews without remembering anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from notekit.notes.config import Settings
from notekit.notes.errors import NotesError

log = logging.getLogger("mkdocs.hooks.notekit")

SETTINGS_KEY = "notekit_settings"  # no MkDocs option has this name
T = TypeVar("T")


def settings(config: MkDocsConfig) -> Settings:
    """The build's settings, read from its resolved config on first use and kept on it; a
    malformed value stops the build with every problem located in mkdocs.yml."""
    found = config.get(SETTINGS_KEY)
    if isinstance(found, Settings):
        return found
    config_file = Path(config.config_file_path)
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = None  # MkDocs read it already; the messages then point at line 1
    tags = config.plugins.get("material/tags") or config.plugins.get("tags")
    allowed = tags.config.get("tags_allowed") if tags is not None else None
    offline = config.plugins.get("material/offline")
    try:
        made = Settings.from_values(
            config_file=config_file,
            docs_dir=Path(config.docs_dir),
            allowed_tags=[str(getattr(tag, "name", tag)) for tag in allowed] if allowed else None,
            site_name=config.site_name,
            site_url=config.site_url,
            site_description=config.site_description,
            strict=config.strict,
            preview=_previewing(config),
            extra=dict(config.extra),
            offline=offline is not None and offline.config.enabled,
            snippet_paths=(config.mdx_configs.get("pymdownx.snippets") or {}).get("base_path")
            if "pymdownx.snippets" in config.markdown_extensions
            else None,
            config_text=text,
        )
    except NotesError as exc:
        raise refused(exc, "in mkdocs.yml") from None
    config[SETTINGS_KEY] = made
    return made


def _previewing(config: MkDocsConfig) -> bool:
    host, port = config.dev_addr.host, config.dev_addr.port
    return (config.site_url or "").startswith(f"http://{host}:{port}/")


def refused(exc: NotesError, where: str = "") -> PluginError:
    """Log each problem on its own line; the error that stops the build (MkDocs prints it, with
    no traceback)."""
    for problem in exc.problems:
        log.error(str(problem))
    return PluginError(f"{len(exc.problems)} problem(s){' ' + where if where else ''}; nothing was built.")


def keep(config: MkDocsConfig, key: str, value: T) -> T:
    """Store a hook's state for this build on its config."""
    config[key] = value
    return value


def kept(config: MkDocsConfig, key: str, kind: type[T]) -> T:
    """The state `keep` stored for this build; on_config always runs before the other events."""
    value = config.get(key)
    if not isinstance(value, kind):
        raise PluginError(f"{key}: missing for this build (on_config did not run)")
    return value


def close_with(config: MkDocsConfig, close: Callable[[], Any]) -> None:
    """Run `close` if this build fails or `mkdocs serve` stops (events that get no config)."""
    config.plugins.events["build_error"].append(lambda error: close())
    config.plugins.events["shutdown"].append(close)


@dataclass(frozen=True)
class PagePart:
    """Something a hook learns while a page's Markdown is parsed and reads again later in the build
    (the drawing's record of a page). A page whose parse is reused from an earlier build
    (scripts/hooks/reuse.py) gets it back through `restore`, from what `save` returned as JSON."""

    name: str
    identity: Callable[[], str]  # what shapes it in this build; part of every page's key
    save: Callable[[Page], Any]
    restore: Callable[[Page, Any], None]


PARTS_KEY = "notekit_page_parts"


def page_parts(config: MkDocsConfig) -> list[PagePart]:
    """This build's page parts: hooks add theirs in on_config, the reuse hook reads them."""
    parts = config.get(PARTS_KEY)
    if not isinstance(parts, list):
        parts = config[PARTS_KEY] = []
    return parts
