import pytest

from notekit.notes import strict_yaml


def test_scalars_stay_the_text_that_was_written():
    doc = strict_yaml.load("a: no\nb: 2024-01-02\nc: 1.50\nd: yes\ne: ~\nf: ''\n")
    assert doc.value == {"a": "no", "b": "2024-01-02", "c": "1.50", "d": "yes", "e": None, "f": ""}


def test_lines_of_keys_and_items():
    doc = strict_yaml.load("title: x\ntags:\n  - a\n  - b\n")
    assert doc.line_of("title") == 1
    assert doc.line_of("tags") == 2
    assert doc.line_of("tags", 1) == 4


def test_duplicate_key_names_both_lines():
    with pytest.raises(strict_yaml.YamlProblem) as info:
        strict_yaml.load("title: a\ndescription: b\ntitle: c\n")
    assert info.value.line == 3
    assert info.value.key == "title"
    assert "first set on line 1" in info.value.message


def test_nested_duplicate_key():
    with pytest.raises(strict_yaml.YamlProblem) as info:
        strict_yaml.load("sources:\n  - title: a\n    title: b\n")
    assert info.value.key == "sources.0.title"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title: a\ntags: [a, b\n", 2, "a '[' list is never closed"),
        ('title: "a\ndescription: b\n', 1, "a quoted value is never closed"),
        ("title: 'a\n\n\n", 1, "a quoted value is never closed"),
        ("title: a\nmeta: {a: b\nc: d\n", 2, "a '{' mapping is never closed"),
    ],
)
def test_an_unclosed_construct_is_reported_where_it_opens(text, line, message):
    with pytest.raises(strict_yaml.YamlProblem) as info:
        strict_yaml.load(text)
    assert (info.value.line, info.value.message) == (line, message)


@pytest.mark.parametrize(
    ("subject", "limit", "hint"),
    [
        (
            "front-matter",
            32 * 1024,
            "keep the front-matter to its keys; long text belongs in the note's body",
        ),
        ("questions", 32 * 1024, "at most 10 questions, each answer a few sentences"),
        # A .pages file lists every note: 2,000 of them are about 36 KB.
        ("nav", 1024 * 1024, "list each note once, one file name a line"),
        ("glossary", 1024 * 1024, "keep each definition to one or two sentences"),
    ],
)
def test_each_kind_of_file_has_a_size_limit_of_its_own(subject, limit, hint):
    line = "- note-0000.md\n"
    fits = "nav:\n" + line * ((limit - 5) // len(line))
    assert len(strict_yaml.load(fits, subject=subject).value["nav"]) == (limit - 5) // len(line)
    with pytest.raises(strict_yaml.YamlProblem) as info:
        strict_yaml.load(fits + line, subject=subject)
    assert (info.value.line, info.value.key) == (1, subject)
    assert info.value.message == f"too large: {len(fits) + len(line):,} bytes, at most {limit:,}"
    assert info.value.hint == hint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x 1\nb: *x\n", "YAML anchor '&x' is not allowed"),
        ("title: &a [*a]\n", "YAML anchor '&a' is not allowed"),
        ("b: *x\n", "YAML alias '*x' is not allowed"),
        (
            "x: !!python/object/apply:os.system ['true']\n",
            "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        ("x: !custom 1\n", "YAML tag '!custom' is not allowed"),
        ("x: " + "[" * 9 + "]" * 9 + "\n", "nested more than 8 levels deep"),
        ("x: '" + "a" * 40_000 + "'\n", "too large: 40,006 bytes, at most 32,768"),
    ],
)
def test_what_only_an_accident_or_an_attack_needs_is_refused(text, message):
    with pytest.raises(strict_yaml.YamlProblem) as info:
        strict_yaml.load(text)
    assert info.value.message.startswith(message)
    assert info.value.hint


def test_an_alias_bomb_is_refused_before_anything_is_expanded():
    # Eight levels of nine aliases: 9**8 (43 million) copies if each alias were built anew.
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    with pytest.raises(strict_yaml.YamlProblem) as info:
        strict_yaml.load("\n".join(lines) + "\n")
    assert info.value.line == 1 and "anchor" in info.value.message


@pytest.mark.parametrize("escape", ["\\0", "\\e", "\\a", "\\x7f", "\\x85", "\\u202e", "\\u2028"])
def test_control_and_invisible_characters_from_escapes_are_refused(escape):
    with pytest.raises(strict_yaml.YamlProblem) as info:
        strict_yaml.load(f'title: ok\ndescription: "a{escape}b"\n', first_line=2)
    assert info.value.line == 3 and info.value.key == "description"
    assert "invisible character U+" in info.value.message


def test_tabs_and_newlines_in_values_are_kept():
    assert strict_yaml.load('d: "a\\tb\\nc"\n').value == {"d": "a\tb\nc"}


def test_the_refused_characters_are_exactly_the_controls_surrogates_and_invisible_ones():
    # The one pattern it searches with, against the rule it stands for, on every code point of the
    # Basic Multilingual Plane (Unicode fixes categories Cc and Cs there; the supplementary planes
    # are one string, checked to hold none).
    import re
    import sys
    import unicodedata

    invisible = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufff9-\ufffb]")
    every = [chr(point) for point in range(0x10000)]
    refused = [
        ch
        for ch in every
        if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n") or invisible.match(ch)
    ]
    assert all(strict_yaml.forbidden_character(f"a{ch}b") for ch in refused)
    kept = set(every).difference(refused)
    assert strict_yaml.forbidden_character("".join(sorted(kept))) is None
    assert len(refused) == 65 - 2 + 2048 + 16  # Cc less tab and newline, Cs, and the 16 invisible ones
    assert strict_yaml.forbidden_character("".join(map(chr, range(0x10000, sys.maxunicode + 1)))) is None
