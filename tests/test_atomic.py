"""notekit.outputs.atomic: all-or-nothing writes that keep the file's mode and refuse read-only files."""

from __future__ import annotations

import os
import stat

import pytest

from notekit.notes.errors import NotesError
from notekit.outputs.atomic import write_atomic


def test_writes_a_new_file_and_replaces_an_existing_one(tmp_path):
    path = tmp_path / "a.txt"
    write_atomic(path, b"one")
    write_atomic(path, b"two")
    assert path.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"], "no temporary file left behind"


@pytest.mark.skipif(os.name == "nt", reason="Windows has no POSIX permission bits to keep")
def test_keeps_the_files_mode(tmp_path):
    path = tmp_path / "README.md"
    path.write_bytes(b"old")
    path.chmod(0o664)
    write_atomic(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_refuses_a_read_only_file_with_a_located_message(tmp_path):
    path = tmp_path / "README.md"
    path.write_bytes(b"old")
    path.chmod(stat.S_IREAD)
    try:
        with pytest.raises(NotesError) as caught:
            write_atomic(path, b"new", "README.md")
        assert (
            str(caught.value)
            == "README.md:1: file: is read-only (make it writable (chmod u+w) if it should change)"
        )
        assert path.read_bytes() == b"old"
    finally:
        path.chmod(stat.S_IREAD | stat.S_IWRITE)


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_symlinked_file_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real.md"
    target.write_bytes(b"old")
    link = tmp_path / "README.md"
    link.symlink_to(target.name)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
