"""notekit.render.page_store: parsed pages kept from one build to the next."""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

import pytest

from notekit.render import page_store
from notekit.render.page_store import PageStore


def test_a_store_keeps_what_a_build_used_and_only_that(tmp_path: Path):
    path = tmp_path / "pages" / "site.json"
    first = PageStore(path)
    assert first.get("a") is None
    first.put("a", {"content": "<p>A</p>"})
    first.put("b", ["entry"])
    assert first.save() is True
    second = PageStore(path)
    assert second.get("a") == {"content": "<p>A</p>"}
    assert second.save() is True  # "b" was not used: it is dropped
    third = PageStore(path)
    assert third.get("b") is None and third.get("a") == {"content": "<p>A</p>"}
    assert third.save() is False  # nothing changed: not written again
    assert [p.name for p in path.parent.iterdir()] == ["site.json"]  # no temporary file left


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": 1}', '{"format": 99, "entries": {}}', "\udcff"])
def test_a_damaged_or_foreign_store_is_empty(tmp_path: Path, text: str):
    path = tmp_path / "site.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    store = PageStore(path)
    assert store.get("a") is None
    store.put("a", 1)
    assert store.save() and json.loads(path.read_text(encoding="utf-8"))["entries"] == {"a": 1}


def test_a_failed_write_leaves_the_old_store_whole(tmp_path: Path, monkeypatch):
    path = tmp_path / "site.json"
    store = PageStore(path)
    store.put("a", 1)
    store.save()
    store.put("b", object())  # not JSON: the write fails half-way
    with pytest.raises(TypeError):
        store.save()
    assert json.loads(path.read_text(encoding="utf-8"))["entries"] == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["site.json"]


def test_only_the_newest_stores_are_kept(tmp_path: Path):
    for number in range(page_store.KEEP + 3):
        path = tmp_path / f"{number:02d}.json"
        path.write_text('{"format": 1, "entries": {}}', encoding="utf-8")
        os.utime(path, (1000 + number, 1000 + number))
    store = PageStore(tmp_path / "00.json")  # the oldest: written now, it is the newest
    store.put("a", 1)
    store.save()
    kept = sorted(p.name for p in tmp_path.glob("*.json"))
    assert len(kept) == page_store.KEEP and "00.json" in kept and "01.json" not in kept


class Drawn:
    def __init__(self, name: str):
        self.name = name

    def identity(self) -> str:
        return f"drawn by {self.name}"

    def fence(self, source: str) -> str:
        return source


def test_a_fingerprint_names_functions_and_objects_by_what_they_are():
    settings = {"b": [1, 2.5, None, True], "a": {"format": Drawn("x").fence, "slugify": partial(str.lower)}}
    same = {"a": {"slugify": partial(str.lower), "format": Drawn("x").fence}, "b": [1, 2.5, None, True]}
    assert page_store.fingerprint(settings) == page_store.fingerprint(same)  # no addresses, any order
    assert "drawn by x" in page_store.fingerprint(settings)
    other = {**settings, "a": {**settings["a"], "format": Drawn("y").fence}}
    assert page_store.fingerprint(other) != page_store.fingerprint(settings)
    assert page_store.fingerprint([Drawn("x")]) == '[{"identity": "drawn by x"}]'
    assert page_store.fingerprint({1, 2}) == page_store.fingerprint({2, 1})


def test_the_source_digest_changes_with_any_python_file(tmp_path: Path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("A = 1\n", encoding="utf-8")
    before = page_store.source_digest([tmp_path])
    (tmp_path / "pkg" / "a.py").write_text("A = 2\n", encoding="utf-8")
    after = page_store.source_digest([tmp_path])
    assert after != before
    (tmp_path / "notes.md").write_text("text", encoding="utf-8")  # not code
    assert page_store.source_digest([tmp_path]) == after
    copy = tmp_path / "elsewhere" / tmp_path.name  # the same code in another folder
    (copy / "pkg").mkdir(parents=True)
    (copy / "pkg" / "a.py").write_text("A = 2\n", encoding="utf-8")
    assert page_store.source_digest([copy]) == after


def test_what_is_logged_meanwhile_is_kept_and_still_logged(caplog):
    import logging

    outer = logging.getLogger("page-store-test")
    with caplog.at_level(logging.DEBUG, logger="page-store-test"):
        with page_store.logged(outer) as said:
            outer.debug("not kept")
            outer.warning("a broken link in %s", "x.md")
        outer.warning("after")
    assert said == [("page-store-test", logging.WARNING, "a broken link in x.md")]
    assert [r.getMessage() for r in caplog.records] == ["not kept", "a broken link in x.md", "after"]


def test_the_installed_distributions_are_named_with_their_versions(tmp_path: Path):
    site = tmp_path / "site-packages"
    for name in ("markdown-3.9.dist-info", "mkdocs-1.6.1.dist-info", "mkdocs", "old-0.1.egg-info"):
        (site / name).mkdir(parents=True)
    (tmp_path / "lib.zip").write_bytes(b"PK")
    path = [str(site), str(tmp_path / "missing"), str(tmp_path / "lib.zip")]
    assert page_store.installed(path) == [
        "markdown-3.9.dist-info",
        "mkdocs-1.6.1.dist-info",
        "old-0.1.egg-info",
    ]
    (site / "markdown-3.9.dist-info").rename(site / "markdown-3.10.dist-info")
    assert "markdown-3.10.dist-info" in page_store.installed(path)
