from usermind.tools.extract import enum_for_param, enum_mentions

UNITS = ["cup", "tbsp", "ml", "g", "oz"]


def test_mentions_in_text_order_with_plurals():
    assert [o for _, o in enum_mentions("Convert 2 cups to ml", UNITS)] == ["cup", "ml"]


def test_target_parameter_takes_the_option_after_to():
    text = "Convert 8 oz into g"
    assert enum_for_param({"from", "unit"}, text, UNITS, set()) == "oz"
    assert enum_for_param({"to", "unit"}, text, UNITS, {"oz"}) == "g"


def test_used_values_are_not_given_twice():
    assert enum_for_param({"unit"}, "2 cups", UNITS, {"cup"}) is None
