"""Third-party browser assets (KaTeX, Mermaid), pinned and fetched through npm for self-hosting.

Material's privacy plugin self-hosts external assets by downloading them at build time, from the
CDN addresses the site names. That needs the open internet, which a CI runner or a laptop on a
train may not have, and it floats with whatever the CDN serves. So we fill the plugin's cache
ourselves from npm packages pinned by version and integrity, and the plugin then finds every file
already cached. Where npm is missing or offline, the assets stay external and the build says so.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # npm's sha512 of the package tarball
    url_prefix: str  # the CDN address the site refers to, minus the file path in the package
    files: tuple[str, ...]  # paths inside the package, e.g. "dist/katex.min.js"
    # Where the CDN serves a file under another path (unpkg resolves "shim" to "shim/index.js").
    served_as: tuple[tuple[str, str], ...] = ()
    offline_only: bool = False  # used only by the OFFLINE=true build

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    def url(self, path: str) -> str:
        return self.url_prefix + dict(self.served_as).get(path, path)


KATEX_FONTS = tuple(
    f"dist/fonts/KaTeX_{face}.{ext}"
    for face in (
        "AMS-Regular", "Caligraphic-Bold", "Caligraphic-Regular", "Fraktur-Bold", "Fraktur-Regular",
        "Main-Bold", "Main-BoldItalic", "Main-Italic", "Main-Regular", "Math-BoldItalic", "Math-Italic",
        "SansSerif-Bold", "SansSerif-Italic", "SansSerif-Regular", "Script-Regular", "Size1-Regular",
        "Size2-Regular", "Size3-Regular", "Size4-Regular", "Typewriter-Regular",
    )
    for ext in ("woff2", "woff", "ttf")
)  # fmt: skip

# Each pinned version is written once; the addresses below derive from it.
KATEX_VERSION = "0.19.1"
MERMAID_VERSION = "11.12.2"

PACKAGES = (
    Package(
        "katex",
        KATEX_VERSION,
        "sha512-jG8uKntjSEcm2EpQOh0XturpPuuC9r3Sq5HLHdsFdWZT27E672SF19QEi+of0/YeOy15lDgRhKvr5614uRrEfA==",
        f"https://cdn.jsdelivr.net/npm/katex@{KATEX_VERSION}/",
        ("dist/katex.min.js", "dist/katex.min.css", "dist/contrib/auto-render.min.js", *KATEX_FONTS),
    ),
    # Material loads Mermaid from this address (major version only) when a page has a diagram; the
    # privacy plugin rewrites the address in Material's bundle to the self-hosted copy.
    Package(
        "mermaid",
        MERMAID_VERSION,
        "sha512-n34QPDPEKmaeCG4WDMGy0OT6PSyxKCfy2pJgShP+Qow2KLrvWjclwbc3yXfSIf4BanqWEhQEpngWwNp/XhZt6w==",
        f"https://unpkg.com/mermaid@{MERMAID_VERSION.split('.')[0]}/",
        ("dist/mermaid.min.js",),
    ),
    # Search in the offline build (OFFLINE=true) runs its worker through this shim.
    Package(
        "iframe-worker",
        "1.0.4",
        "sha512-roeaaI+Lg1LJNfgpCjoRe/+WzEjy9+Z08LoEvu85MCPbBjwm+qXz8Ag5U05lHa6V1CysZyGzE0SOkAtSUA5q7Q==",
        "https://unpkg.com/iframe-worker/",
        ("shim/index.js",),
        served_as=(("shim/index.js", "shim"),),
        offline_only=True,
    ),
)


def cache_path(cache_dir: Path, url: str) -> Path:
    """Where Material's privacy plugin keeps the download of `url` (host and path, no scheme)."""
    return cache_dir / url.split("://", 1)[1]


def missing(package: Package, cache_dir: Path) -> list[str]:
    return [path for path in package.files if not cache_path(cache_dir, package.url(path)).is_file()]


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


class FetchError(Exception):
    pass


def fetch(package: Package, cache_dir: Path, npm: str | None = None) -> None:
    """Fill the cache with the package's files via `npm pack`; FetchError if that is not possible."""
    npm = npm or shutil.which("npm")
    if not npm:
        raise FetchError("npm is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            result = subprocess.run(
                [npm, "pack", package.spec, "--pack-destination", tmp, "--json", "--silent"],
                capture_output=True, text=True, timeout=300, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise FetchError(f"npm pack {package.spec} failed: {exc}") from None
        if result.returncode != 0:
            raise FetchError(f"npm pack {package.spec} failed: {result.stderr.strip()[-300:]}")
        tarball = Path(tmp) / json.loads(result.stdout)[0]["filename"]
        data = tarball.read_bytes()
        if integrity_of(data) != package.integrity:
            raise FetchError(f"{package.spec}: the tarball's integrity does not match the pinned one")
        with tarfile.open(tarball) as archive:
            for path in package.files:
                member = archive.extractfile(f"package/{path}")
                if member is None:
                    raise FetchError(f"{package.spec}: no {path} in the package")
                target = cache_path(cache_dir, package.url(path))
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(member.read())


def prepare(cache_dir: Path) -> dict[Package, str]:
    """Make sure every pinned package is cached; return the ones that could not be, with why."""
    failed = {}
    for package in PACKAGES:
        if missing(package, cache_dir):
            try:
                fetch(package, cache_dir)
            except FetchError as exc:
                failed[package] = str(exc)
    return failed


def copy_fonts(cache_dir: Path, out_dir: Path, skip: Iterable[Package] = ()) -> None:
    """KaTeX's woff2 fonts, from the cache to where its self-hosted style sheet looks for them.

    The privacy plugin follows absolute URLs only, and KaTeX's style sheet names its fonts
    relatively (fonts/KaTeX_*.woff2). woff2 only: every browser Material supports reads it, and it
    comes first in the CSS.
    """
    for package in (p for p in PACKAGES if p not in set(skip)):
        for path in (f for f in package.files if f.endswith(".woff2")):
            source, target = cache_path(cache_dir, package.url(path)), cache_path(out_dir, package.url(path))
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)  # the cache and the site are usually on one disk
            except FileExistsError:
                pass
            except OSError:
                shutil.copyfile(source, target)
