"""Pinned third-party assets: the cache layout, integrity checking, and the offline fallback."""

from __future__ import annotations

import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest

from notekit.render import assets

PKG = assets.Package("demo", "1.0.0", "sha512-will-not-match", "https://cdn.example/demo@1/", ("dist/a.js",))


def fake_npm(tmp_path: Path, files: dict[str, bytes]) -> str:
    """An executable that behaves like `npm pack --json` and writes a tarball with `files`."""
    tarball = tmp_path / "demo-1.0.0.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    script = tmp_path / "npm"
    script.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do if [ "$prev" = "--pack-destination" ]; then dest="$a"; fi; prev="$a"; done\n'
        f'cp "{tarball}" "$dest/"\n'
        f"echo '{json.dumps([{'filename': tarball.name}])}'\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_cache_path_matches_the_privacy_plugin_layout(tmp_path):
    assert assets.cache_path(tmp_path, "https://unpkg.com/mermaid@11/dist/mermaid.min.js") == (
        tmp_path / "unpkg.com/mermaid@11/dist/mermaid.min.js"
    )


@pytest.mark.skipif(os.name == "nt", reason="the fake npm is a POSIX shell script")
def test_fetch_refuses_a_tarball_whose_integrity_differs(tmp_path):
    npm = fake_npm(tmp_path, {"dist/a.js": b"console.log(1)"})
    with pytest.raises(assets.FetchError, match="integrity does not match"):
        assets.fetch(PKG, tmp_path / "cache", npm=npm)
    assert not (tmp_path / "cache").exists()


@pytest.mark.skipif(os.name == "nt", reason="the fake npm is a POSIX shell script")
def test_fetch_extracts_the_pinned_files_into_the_cache(tmp_path):
    npm = fake_npm(tmp_path, {"dist/a.js": b"console.log(1)", "dist/other.js": b"x"})
    pinned = assets.Package(
        PKG.name,
        PKG.version,
        assets.integrity_of((tmp_path / "demo-1.0.0.tgz").read_bytes()),
        PKG.url_prefix,
        PKG.files,
    )
    assets.fetch(pinned, tmp_path / "cache", npm=npm)
    assert (tmp_path / "cache/cdn.example/demo@1/dist/a.js").read_bytes() == b"console.log(1)"
    assert not (tmp_path / "cache/cdn.example/demo@1/dist/other.js").exists()
    assert assets.missing(pinned, tmp_path / "cache") == []


def test_without_npm_fetch_says_why(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(assets.FetchError, match="npm is not installed"):
        assets.fetch(PKG, tmp_path / "cache")


def test_every_pinned_file_is_named_once():
    for package in assets.PACKAGES:
        assert len(set(package.files)) == len(package.files)
        assert package.integrity.startswith("sha512-") and package.url_prefix.endswith("/")
