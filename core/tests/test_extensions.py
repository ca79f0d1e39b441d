"""Extension points: contributions in the order of first registration, replaced by name."""

from core.extensions import ExtensionPoint


def first():
    return 1


def second():
    return 2


def third():
    return 3


def test_contributions_come_in_the_order_they_were_registered():
    point = ExtensionPoint("test")
    point.register("b", first)
    point.register("a", second)

    assert point.contributions() == [first, second]


def test_registering_a_name_again_replaces_it_in_its_place():
    point = ExtensionPoint("test")
    point.register("one", first)
    point.register("two", second)

    point.register("one", third)  # a second ready()

    assert point.contributions() == [third, second]


def test_the_list_returned_is_a_copy():
    point = ExtensionPoint("test")
    point.register("one", first)

    point.contributions().append(second)

    assert point.contributions() == [first]
