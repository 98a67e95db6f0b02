from notekit.index import nav


def test_short_sections_stay_whole():
    assert nav.groups(50, 50) == []


def test_long_sections_split_in_order_with_a_short_last_group():
    assert nav.groups(120, 50) == [(0, 50), (50, 100), (100, 120)]
    assert nav.groups(7, 3) == [(0, 3), (3, 6), (6, 7)]
    assert nav.group_title("Notes", 100, 120) == "Notes 101\u2013120"
