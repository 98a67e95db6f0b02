"""Run a command inside the project's own virtual environment, creating or refreshing it first.

    python scripts/dev.py mkdocs serve      # preview with live reload at http://127.0.0.1:8000
    python scripts/dev.py test              # the whole test suite: the fast tier, checked, then the rest
    python scripts/dev.py test --fast       # the fast tier alone (no browser, no Node, ~30 s)
    python scripts/dev.py pytest [args]     # pytest itself, e.g. one file
    python scripts/dev.py lock              # re-resolve constraints.txt (needs the package index)

Standard library only, so it runs on a fresh machine with nothing but Python >= 3.11 and git
(Linux, macOS, Windows). The environment lives in .venv/ and is reinstalled from pyproject.toml,
at the exact versions in constraints.txt, whenever either file (or the Python version) changes.
No tool we know of does exactly this without being installed first, which is the one thing a
newcomer cannot have yet.

DEV_EXTRAS names the pyproject extras to install (default "test"); the Pages build sets "render"
so that the deployment installs only what the site needs.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
CONSTRAINTS = ROOT / "constraints.txt"
EXTRAS = os.environ.get("DEV_EXTRAS", "test").strip()
# What the tests keep between runs lives here, outside the repository, which they never write
# (scripts/fast_tier.py checks): byte code, Hypothesis' examples, the pinned browser assets, the
# drawn diagrams and formulas. Beside the HTML checker that .ci/run installs.
TEST_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "llm-study-notes" / "tests"
TEST_ENV = {
    "PYTHONPYCACHEPREFIX": TEST_CACHE / "pycache",
    "HYPOTHESIS_STORAGE_DIRECTORY": TEST_CACHE / "hypothesis",
    "PRIVACY_CACHE": TEST_CACHE / "privacy",  # mkdocs.yml: the privacy plugin's cache_dir
    "RENDER_CACHE": TEST_CACHE / "render",  # mkdocs.yml: extra.render_cache
}


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def wanted_stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(CONSTRAINTS.read_bytes())
    digest.update(f"[{EXTRAS}]".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever Python the user has
        found = sys.version.split()[0]
        sys.exit(f"Python >= 3.11 is needed (Material for MkDocs 9.8 requires it); this is {found}.")
    stamp = wanted_stamp()
    if STAMP.exists() and STAMP.read_text().strip() == stamp and venv_bin("python").exists():
        return
    if not venv_bin("python").exists():
        print(f"dev.py: creating {VENV.relative_to(ROOT)}/ ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("dev.py: installing the project and its tools (constraints.txt) ...", file=sys.stderr)
    subprocess.run(
        [
            str(venv_bin("python")),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--constraint",
            str(CONSTRAINTS),
            "--editable",
            f"{ROOT}[{EXTRAS}]" if EXTRAS else str(ROOT),
        ],
        check=True,
    )
    STAMP.write_text(stamp + "\n")


def compile_installed(env: dict[str, str]) -> None:
    """The installed packages' byte code, compiled into the tests' prefix once per environment.

    pip compiles each package as it installs it, into __pycache__ beside its files; with
    PYTHONPYCACHEPREFIX set, Python reads byte code only from the prefix, so the first test run in
    a new environment (every CI run) compiled all of it again as it went: about 8 s of the fast
    tier on two cores. The same work, done here once, as part of installing (about 7 s, all cores).
    """
    prefix = Path(env["PYTHONPYCACHEPREFIX"])
    marker = prefix / f".compiled-{hashlib.sha256(f'{VENV}:{wanted_stamp()}'.encode()).hexdigest()[:16]}"
    if marker.exists():
        return
    site = subprocess.run(
        [str(venv_bin("python")), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    print("dev.py: compiling the installed packages' byte code for the tests (once) ...", file=sys.stderr)
    subprocess.run(
        [str(venv_bin("python")), "-m", "compileall", "-q", "-j", "0", site],
        env=env, stdout=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    prefix.mkdir(parents=True, exist_ok=True)
    marker.write_text(site + "\n", encoding="utf-8")


def compile_own(env: dict[str, str]) -> None:
    """This checkout's own modules and tests, compiled into the tests' prefix before they run
    (compileall skips what is current: about 0.3 s then). In a fresh clone the prefix has no byte
    code for its new path, and the fast tier's workers compiled the same modules each, as they
    imported them, in the timed run: about 4 s of it on two cores."""
    folders = [str(ROOT / "scripts"), str(ROOT / "tests")]
    subprocess.run(
        [str(venv_bin("python")), "-m", "compileall", "-q", "-j", "0", *folders],
        env=env, stdout=subprocess.DEVNULL, check=False,
    )  # fmt: skip


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    ensure_environment()
    command, *args = argv
    if command == "lock":  # resolving needs pip, which the environment has
        command, args = "python", [str(ROOT / "scripts" / "lock.py"), *args]
    executable = venv_bin(command)
    if not executable.exists():
        executable = Path(command)  # a program outside the environment, e.g. git
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's MkDocs 2.0 notice, on every build
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = str(venv_bin("python").parent) + os.pathsep + env.get("PATH", "")
    if command in ("pytest", "test"):
        for name, path in TEST_ENV.items():
            env.setdefault(name, str(path))
        # Byte code is written, but only there: with PYTHONDONTWRITEBYTECODE set (as on some
        # machines) and a prefix, every process would compile every module it imports again.
        env["PYTHONDONTWRITEBYTECODE"] = ""
        # The tests run offline (tests/conftest.py): the pinned browser assets are fetched first,
        # once per machine, as pip fetches packages (npm, into PRIVACY_CACHE).
        subprocess.run([str(venv_bin("python")), "-m", "notekit.render.prefetch"], cwd=ROOT, env=env)
        compile_installed(env)
        compile_own(env)
    if command == "test":
        return run_tests(args, env)
    return run_forwarding([str(executable), *args], cwd=ROOT, env=env)


def run_forwarding(command: list[str], **options: object) -> int:
    """`command` to its end, with this process's SIGTERM passed on to it: an editor or a script that
    stops `dev.py mkdocs serve` that way stopped only dev.py, and the server kept its port."""
    child = subprocess.Popen(command, **options)  # type: ignore[call-overload]
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: child.send_signal(signum))
    try:
        return child.wait()
    except KeyboardInterrupt:  # Ctrl+C on `mkdocs serve` is the normal way to stop it
        child.wait()  # the terminal sent it to the whole group: the child stops too
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_tests(args: list[str], env: dict[str, str]) -> int:
    """The fast tier under scripts/fast_tier.py's watch; then, unless --fast, the browser and slow
    tests. Other arguments go to pytest both times."""
    fast = "--fast" in args
    args = [arg for arg in args if arg != "--fast"]
    python = str(venv_bin("python"))
    code = subprocess.run(
        [python, str(ROOT / "scripts" / "fast_tier.py"), *args], cwd=ROOT, env=env
    ).returncode
    if fast or code not in (0, 5):  # 5: no test selected, e.g. with -k
        return code
    rest = subprocess.run(
        [python, "-m", "pytest", "-m", "browser or slow", *args], cwd=ROOT, env=env
    ).returncode
    failed = [c for c in (code, rest) if c not in (0, 5)]
    return failed[0] if failed else (5 if code == rest == 5 else 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
