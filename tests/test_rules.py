"""The scoring rules answer what a leaf accepts: per kind, the values allowed and refused (and why), the documents
behind a value, the level names, the steps the scoring engine checks; and the services' translated refusals."""

from __future__ import annotations

import math
from typing import get_args

import pytest

from i18n import LenteraError
from indicators import Node
from indicators.rules import (
    DOCUMENTS_FOR_LIMIT,
    BinaryRule,
    DocumentsRule,
    LevelsRule,
    PercentRule,
    RequiredDocument,
    Rule,
    ValueRefused,
)
from services import workflow

LEVELS = LevelsRule(kind="levels", levels={1: "Rintisan", 2: "Terkelola", 3: "Terdefinisi"})
STEPS = PercentRule(kind="percent", steps=[0, 50, 100])
PERCENT = PercentRule(kind="percent")
BINARY = BinaryRule(kind="binary")
DOCUMENTS = DocumentsRule(
    kind="documents",
    documents=[
        RequiredDocument(code="perda", name="Perda", points=50),
        RequiredDocument(code="sk", name="SK", points=30),
        RequiredDocument(code="laporan", name="Laporan", points=20),
    ],
)
NOT_NUMBERS = ("3", None, True, math.nan, math.inf, [1])


def refusal(rule: object, value: object) -> str:
    assert isinstance(rule, LevelsRule | PercentRule | BinaryRule | DocumentsRule)
    with pytest.raises(ValueRefused) as caught:
        rule.check(value)
    return caught.value.reason


def test_levels() -> None:
    assert LEVELS.allowed_values() == [1.0, 2.0, 3.0]
    assert LEVELS.level_names() == {1.0: "Rintisan", 2.0: "Terkelola", 3.0: "Terdefinisi"}
    assert LEVELS.check(2) == 2.0
    assert LEVELS.check(3.0000001) == 3.0  # float noise snaps onto the level
    assert [refusal(LEVELS, v) for v in (0, 4, 2.5)] == ["not_allowed"] * 3
    assert {refusal(LEVELS, v) for v in NOT_NUMBERS} == {"not_number"}
    assert LEVELS.documents_for(3) == frozenset()
    assert LEVELS.scoring_steps() == [1.0, 2.0, 3.0]


def test_percent_with_and_without_steps() -> None:
    assert STEPS.allowed_values() == [0, 50, 100]
    assert STEPS.check(50) == 50.0
    assert refusal(STEPS, 60) == "not_allowed"
    assert PERCENT.allowed_values() is None
    assert PERCENT.check(0) == 0.0 and PERCENT.check(73.5) == 73.5 and PERCENT.check(100) == 100.0
    assert [refusal(PERCENT, v) for v in (-1, 100.1)] == ["out_of_range", "out_of_range"]
    assert {refusal(PERCENT, v) for v in NOT_NUMBERS} == {"not_number"}
    assert STEPS.level_names() is None and PERCENT.level_names() is None
    assert STEPS.documents_for(50) == frozenset()
    assert STEPS.scoring_steps() == [0, 50, 100] and PERCENT.scoring_steps() is None


def test_binary() -> None:
    assert BINARY.allowed_values() == [0.0, 1.0]
    assert BINARY.check(1) == 1.0 and BINARY.check(0.0) == 0.0
    assert refusal(BINARY, 0.5) == "not_allowed"
    assert refusal(BINARY, True) == "not_number"  # a bool is no value, even though it is an int
    assert BINARY.level_names() is None
    assert BINARY.documents_for(1) == frozenset()
    assert BINARY.scoring_steps() == [0.0, 1.0]


def test_documents_accept_the_sums_of_their_points() -> None:
    assert DOCUMENTS.allowed_values() == [0.0, 20.0, 30.0, 50.0, 70.0, 80.0, 100.0]
    assert DOCUMENTS.check(80) == 80.0
    assert [refusal(DOCUMENTS, v) for v in (10, 60, 90)] == ["not_a_document_sum"] * 3
    assert {refusal(DOCUMENTS, v) for v in NOT_NUMBERS} == {"not_number"}
    assert DOCUMENTS.level_names() is None
    # the scoring engine range-checks a documents leaf: a pemda's value is a mean of document sums
    assert DOCUMENTS.scoring_steps() is None


def test_documents_for_a_value() -> None:
    assert DOCUMENTS.documents_for(80) == {"perda", "sk"}
    assert DOCUMENTS.documents_for(100) == {"perda", "sk", "laporan"}
    assert DOCUMENTS.documents_for(20) == {"laporan"}
    assert DOCUMENTS.documents_for(0) == frozenset()
    assert DOCUMENTS.documents_for(None) == frozenset()
    assert DOCUMENTS.documents_for(10) == frozenset()  # no subset adds up to it


def test_documents_many_or_tied() -> None:
    tied = DocumentsRule(
        kind="documents",
        documents=[RequiredDocument(code=c, name=c, points=p) for c, p in (("a", 50), ("b", 25), ("c", 25))],
    )
    assert tied.documents_for(50) == {"b", "c"}  # the largest set that adds up wins
    many = DocumentsRule(
        kind="documents",
        documents=[
            RequiredDocument(code=f"d{i}", name=f"d{i}", points=1) for i in range(DOCUMENTS_FOR_LIMIT + 1)
        ],
        total=DOCUMENTS_FOR_LIMIT + 1,
    )
    assert many.documents_for(3) == frozenset()  # too many to try: the form starts unticked
    assert many.check(3) == 3.0
    huge = DocumentsRule(
        kind="documents",
        documents=[RequiredDocument(code=f"d{i}", name=f"d{i}", points=2.0**i / 8191) for i in range(13)],
        total=sum(2.0**i / 8191 for i in range(13)),
    )
    assert huge.allowed_values() is None  # 8192 sums: too many to list, any value in 0..total
    assert huge.check(0.123) == 0.123
    assert refusal(huge, 1.5) == "out_of_range"


def leaf(rule: LevelsRule | PercentRule | BinaryRule | DocumentsRule) -> Node:
    return Node(code="1.1", name="Butir", weight=1, rule=rule)


# the refused value is formatted when refused, in the default language: "0,50" even in an English message
@pytest.mark.parametrize(
    ("rule", "value", "message"),
    [
        (LEVELS, 4, "4 is not allowed for item 1.1. Valid choices: 1, 2, 3."),
        (STEPS, 60, "60 is not allowed for item 1.1. Valid choices: 0, 50, 100."),
        (BINARY, 0.5, "0,50 is not allowed for item 1.1. Valid choices: 0, 1."),
        (
            DOCUMENTS,
            60,
            "60 is not a sum of item 1.1's document points. Possible sums: 0, 20, 30, 50, 70, 80, 100.",
        ),
        (PERCENT, 120, "120 is outside the range of item 1.1 (0 to 100)."),
        (PERCENT, "x", "The value must be a number."),
    ],
)
def test_services_translate_a_refusal(rule: DocumentsRule, value: object, message: str) -> None:
    with pytest.raises(LenteraError) as caught:
        workflow.check_value(leaf(rule), value)
    assert caught.value.message("en") == message


def test_services_return_the_checked_value() -> None:
    assert workflow.check_value(leaf(DOCUMENTS), 70.0000001) == 70.0
    assert workflow.check_value(leaf(PERCENT), 12.5) == 12.5


def test_every_rule_kind_has_a_control_and_a_label() -> None:
    from ui.rule_values import CONTROLS, LABELS

    (union, *_) = get_args(Rule)
    kinds = {get_args(cls.model_fields["kind"].annotation)[0] for cls in get_args(union)}
    assert {"levels", "percent", "documents", "binary", "external_index"} <= kinds
    assert set(CONTROLS) == kinds and set(LABELS) == kinds


def test_value_labels() -> None:
    from ui.rule_values import rule_value_label

    assert rule_value_label(leaf(LEVELS), 3) == "3 – Terdefinisi"
    assert rule_value_label(leaf(BINARY), 1) in {"Ya", "Yes"}
    assert rule_value_label(leaf(STEPS), 50) == "50"
    assert rule_value_label(leaf(DOCUMENTS), math.nan) == "–"
