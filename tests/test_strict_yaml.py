import pytest

from notekit import strict_yaml


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


def test_malformed_yaml_reports_a_line():
    with pytest.raises(strict_yaml.YamlProblem) as info:
        strict_yaml.load("title: a\ntags: [a, b\n")
    assert info.value.line >= 2
    assert info.value.message.startswith("malformed YAML")


def test_python_tags_are_not_constructed():
    doc = strict_yaml.load("x: !!python/object/apply:os.system ['true']\n")
    assert doc.value == {"x": ["true"]}
