"""MkDocs hook: make the OFFLINE=true copy work when opened from disk (file://).

Material's offline plugin switches to `page.html` addresses and inlines the search index; two
more settings stand in the way of a copy on disk, and they are adjusted here, for that build only:
- Instant navigation cannot work over file://, and Material then never announces the page to its
  other components (no diagrams, no math): turn it off.
- With a site address, the privacy plugin points self-hosted scripts at the deployed site; without
  one it links them relatively (and loads Mermaid on every page), which is what a copy on disk needs.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


@event_priority(100)  # before the plugins' own on_config: the privacy plugin reads site_url there
def on_config(config: MkDocsConfig) -> None:
    offline = config.plugins.get("material/offline")
    if offline is None or not offline.config.enabled:
        return
    config.site_url = None
    features = config.theme.get("features", [])
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
