import os
import subprocess
from datetime import UTC, datetime

from notekit import history


def git(repo, *args, when: int | None = None):
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": f"{when} +0000", "GIT_COMMITTER_DATE": f"{when} +0000"}
    subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, env={**os.environ, **env}
    )


def test_last_change_per_file_from_one_log(tmp_path):
    docs = tmp_path / "docs"
    (docs / "notes").mkdir(parents=True)
    git(tmp_path, "init", "-q")
    (docs / "notes" / "a.md").write_text("a")
    (docs / "notes" / "b é.md").write_text("b")
    (tmp_path / "outside.md").write_text("x")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "one", when=1_700_000_000)
    (docs / "notes" / "a.md").write_text("a2")
    git(tmp_path, "commit", "-qam", "two", when=1_800_000_000)
    dates = history.last_changed(docs)
    assert dates == {
        "notes/a.md": datetime.fromtimestamp(1_800_000_000, UTC),
        "notes/b é.md": datetime.fromtimestamp(1_700_000_000, UTC),
    }


def test_no_history_is_none(tmp_path):
    assert history.last_changed(tmp_path) is None
    subprocess.run(["git", "-C", str(tmp_path), "init", "-q"], check=True)
    assert history.last_changed(tmp_path) is None


def test_human_date():
    assert (
        history.human(datetime(2026, 3, 5, tzinfo=UTC)) == '<time datetime="2026-03-05">March 5, 2026</time>'
    )
