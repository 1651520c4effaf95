import math

import pytest

from bot.knowledge.safety import RedFlag, only_denied, rules_triage, triage
from bot.knowledge.safety.triage_model import NONE, TriageModel, feature_names, features
from bot.knowledge.triage_loader import MODEL_PATH, default_model, load_model


def _fixed(p_flag: float, flag: str = "bleeding", *, urgent_at: float, veto: float):
    """A model without weights whose opinion of every message is p_flag for `flag`."""
    bias = (math.log(p_flag / (1 - p_flag)), 0.0)
    return TriageModel((flag, NONE), bias, {}, urgent_at=urgent_at, veto_below=veto)


def test_a_typo_shares_most_features_with_the_real_word():
    typo, word = feature_names("bleedin"), feature_names("bleeding")
    assert len(typo & word) >= 5
    assert "n:stop" in feature_names("it wont stop")
    assert "?" in feature_names("is that normal?")


def test_features_have_unit_length():
    vector = features("it keeps bleeding through the plaster")
    assert math.isclose(sum(v * v for v in vector.values()), 1.0)
    assert features("") == {}


def test_an_unknown_model_format_is_refused():
    data = _fixed(0.5, urgent_at=1.0, veto=0.0).to_json()
    with pytest.raises(ValueError):
        TriageModel.from_json({**data, "format": 99})


def test_a_message_the_rules_pass_is_urgent_in_the_models_category_when_it_is_sure():
    model = _fixed(0.97, "bleeding", urgent_at=0.95, veto=0.3)
    assert rules_triage("what time is my appointment") is None
    assert triage("what time is my appointment", model) == RedFlag.BLEEDING


def test_a_message_the_rules_pass_stays_calm_when_the_model_is_unsure():
    model = _fixed(0.9, urgent_at=0.95, veto=0.3)
    assert triage("what time is my appointment", model) is None


def test_the_rules_keep_the_category_when_they_fire():
    model = _fixed(0.99, "bleeding", urgent_at=0.95, veto=0.3)
    assert triage("i fainted in the car park", model) == RedFlag.FAINTING


def test_a_model_nearly_sure_the_message_is_ordinary_vetoes_a_rule_sign():
    model = _fixed(0.1, urgent_at=0.95, veto=0.3)
    assert triage("felt a bit dizzy in the car park", model) is None
    assert triage(
        "felt a bit dizzy in the car park", model.with_rule(urgent_at=0.95, veto_below=0.0)
    )


def test_a_faint_told_plainly_is_never_vetoed():
    model = _fixed(0.01, urgent_at=0.95, veto=0.3)
    assert triage("i fainted in the car park", model) == RedFlag.FAINTING


def test_self_harm_is_never_vetoed():
    model = _fixed(0.01, urgent_at=0.95, veto=0.3)
    assert triage("i want to kill myself", model) == RedFlag.SELF_HARM


@pytest.mark.parametrize(
    ("message", "flag"),
    [
        ("the spot on my neck keeps pouring blood", RedFlag.BLEEDING),
        ("how long does soreness last? also the pain is unbearable", RedFlag.SEVERE_PAIN),
        ("my temperature is 38.9 tonight", RedFlag.INFECTION),
        ("is it normal for your chest to feel crushed? mine does rn", RedFlag.BREATHING),
    ],
)
def test_signs_that_are_never_figurative_are_never_vetoed(message, flag):
    model = _fixed(0.01, urgent_at=0.95, veto=0.3)
    assert triage(message, model) == flag


def test_without_a_model_file_triage_is_the_rules_alone(tmp_path):
    model = load_model(tmp_path / "missing.json")
    assert model is None
    for message in ("i fainted in the car park", "how long will i be sore", "tight chest"):
        assert triage(message, model) == rules_triage(message)


def test_an_unreadable_model_file_also_leaves_the_rules_alone(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_model(path) is None


def test_the_shipped_model_loads_and_keeps_plain_red_flags_urgent():
    assert MODEL_PATH.is_file()
    model = default_model()
    assert model is not None
    # Silences a rule's sign only when nearly sure: see bench/train_triage.py.
    assert 0 <= model.veto_below < model.urgent_at <= 1
    assert triage("can't catch my breath", model) == RedFlag.BREATHING
    assert triage("bleeding won't stop", model) == RedFlag.BLEEDING
    assert triage("how long will i be sore", model) is None


def test_packed_weights_read_a_message_exactly_as_the_plain_table_does():
    model = default_model()
    assert model is not None
    plain = TriageModel(model.classes, model.bias, dict(model.weights.items()), model.dim)
    for message in ("my arm went numb and it's still numb", "ok thanks", "", "¿qué? café"):
        packed, table = model.probabilities(message), plain.probabilities(message)
        assert packed.keys() == table.keys()
        assert all(math.isclose(packed[k], table[k], abs_tol=1e-12) for k in packed)


@pytest.mark.parametrize(
    "message",
    [
        "no chest pain, no trouble breathing, just sore",
        "I'm not short of breath and there's no chest pain at all, just stiff",
        "haven't had any pins and needles since the treatment",
        # Denied as the rules read a denial of the thoughts.
        "for the form: no, i've never had thoughts of harming myself",
    ],
)
def test_the_model_may_not_add_a_flag_the_patient_denied(message):
    model = _fixed(0.99, "breathing", urgent_at=0.6, veto=0.1)
    assert rules_triage(message) is None
    assert only_denied(message)
    assert triage(message, model) is None


@pytest.mark.parametrize(
    "message",
    [
        # A sign said without a denial, or "without" that denies something else.
        "can't climb the stairs without stopping to breathe since the session",
        "my back feels weird and heavy tonight",
    ],
)
def test_the_model_still_adds_flags_to_messages_that_deny_nothing(message):
    model = _fixed(0.99, "breathing", urgent_at=0.6, veto=0.1)
    assert not only_denied(message)
    assert triage(message, model) is not None


def test_the_model_may_not_add_a_flag_whose_every_word_the_patient_denied():
    # The rules see no sign here; "breathing problem" is denied, so breathing is not added.
    message = "in my childhood i had asthma, but now i don't have any breathing problem"
    model = _fixed(0.99, "breathing", urgent_at=0.6, veto=0.1)
    assert rules_triage(message) is None
    assert only_denied(message, RedFlag.BREATHING)
    assert triage(message, model) is None
