"""The render cache: stable keys, round trips, and no partial entries."""

from __future__ import annotations

from notekit.render.cache import RenderCache, key


def test_key_depends_on_every_part_and_their_boundaries():
    assert key("mermaid", "11", "a") == key("mermaid", "11", "a")
    assert key("mermaid", "11", "a") != key("mermaid", "12", "a")
    assert key("ab", "c") != key("a", "bc")


def test_a_stored_fragment_comes_back_and_a_missing_one_is_none(tmp_path):
    cache = RenderCache(tmp_path / "render")
    digest = key("katex", "0.19.1", "x^2")
    assert cache.get(digest) is None
    cache.put(digest, "<span>x²</span>")
    assert cache.get(digest) == "<span>x²</span>"
    assert [p.suffix for p in (tmp_path / "render").rglob("*") if p.is_file()] == [".html"]
