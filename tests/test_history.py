import os
import subprocess
from datetime import UTC, datetime

from notekit.index import history


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
    dates = history.read(docs).changed
    assert dates == {
        "notes/a.md": datetime.fromtimestamp(1_800_000_000, UTC),
        "notes/b é.md": datetime.fromtimestamp(1_700_000_000, UTC),
    }


def test_no_history_is_none(tmp_path):
    assert history.read(tmp_path) is None
    subprocess.run(["git", "-C", str(tmp_path), "init", "-q"], check=True)
    assert history.read(tmp_path) is None


def test_human_date():
    assert (
        history.human(datetime(2026, 3, 5, tzinfo=UTC)) == '<time datetime="2026-03-05">March 5, 2026</time>'
    )


def commit_as(repo, name, email, message, when):
    env = {
        "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": "c",
        "GIT_COMMITTER_EMAIL": "c@x", "GIT_AUTHOR_DATE": f"{when} +0000", "GIT_COMMITTER_DATE": f"{when} +0000",
        "PATH": "/usr/bin:/bin",
    }  # fmt: skip
    subprocess.run(
        ["git", "-C", str(repo), "commit", "-qm", message], check=True, capture_output=True, env=env
    )


def test_authors_co_authors_mailmap_and_first_added_from_one_log(tmp_path):
    docs = tmp_path / "docs"
    (docs / "notes").mkdir(parents=True)
    git(tmp_path, "init", "-q")
    (tmp_path / ".mailmap").write_text("Ada Lovelace <ada@x> <ada@old>\nBo Real <bo@x> <bo@alias>\n")
    (docs / "notes" / "a.md").write_text("a")
    git(tmp_path, "add", ".")
    commit_as(tmp_path, "ada old", "ada@old", "add a", 1_700_000_000)
    (docs / "notes" / "a.md").write_text("a2")
    (docs / "notes" / "b.md").write_text("b")
    git(tmp_path, "add", ".")
    message = "edit\n\nCo-authored-by: bo alias <bo@alias>\nCo-authored-by: Cy <cy@x>\nCo-authored-by: Ada Lovelace <ada@x>"
    commit_as(tmp_path, "Ada Lovelace", "ada@x", message, 1_800_000_000)
    past = history.read(docs)
    assert past.authors == {
        "notes/a.md": ["Ada Lovelace", "Bo Real", "Cy"],
        "notes/b.md": ["Ada Lovelace", "Bo Real", "Cy"],
    }
    assert past.added == {
        "notes/a.md": datetime.fromtimestamp(1_700_000_000, UTC),
        "notes/b.md": datetime.fromtimestamp(1_800_000_000, UTC),
    }
    assert past.changed["notes/a.md"] == datetime.fromtimestamp(1_800_000_000, UTC)


def test_the_log_is_read_again_after_a_new_commit(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    git(tmp_path, "init", "-q")
    (docs / "a.md").write_text("a")
    git(tmp_path, "add", ".")
    commit_as(tmp_path, "Ada", "ada@x", "one", 1_700_000_000)
    assert history.read(docs).authors == {"a.md": ["Ada"]}
    (docs / "a.md").write_text("a2")
    git(tmp_path, "add", ".")
    commit_as(tmp_path, "Bo", "bo@x", "two", 1_700_000_100)
    assert history.read(docs).authors == {"a.md": ["Ada", "Bo"]}
