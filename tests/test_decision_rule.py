"""The stored answer-or-escalate rule follows the retrieval method it was fitted under."""

from __future__ import annotations

import json

from index.decision import DecisionRule
from index.hubness import NEIGHBOURS, WEIGHT
from index.retrieval import SAME_LANGUAGE_PENALTY


def test_a_rule_fitted_under_another_retrieval_method_is_refitted(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    library = bundled_runtime.library
    fitted = bundled_runtime.ensure_rule()
    assert fitted.method == library.method and library.method.endswith(f":hub{NEIGHBOURS}x{WEIGHT}:same{SAME_LANGUAGE_PENALTY}")

    # as left by a build whose hubness weight or parallel set differed
    stale = json.loads(library.rule_path.read_text(encoding="utf-8"))
    stale["method"] = "older-parallel-set:hub50x0.5"
    stale["coef"] = [0.0] * len(stale["coef"])
    library.rule_path.write_text(json.dumps(stale), encoding="utf-8")
    library.rule = DecisionRule.load(library.rule_path)

    refitted = bundled_runtime.ensure_rule()
    assert refitted.method == library.method
    assert refitted.coef == fitted.coef  # the same questions and method give the same rule
    assert DecisionRule.load(library.rule_path).method == library.method


def test_a_rule_file_from_before_methods_were_recorded_loads_and_is_refitted(bundled_runtime) -> None:  # type: ignore[no-untyped-def]
    library = bundled_runtime.library
    data = json.loads(library.rule_path.read_text(encoding="utf-8"))
    del data["method"]
    library.rule_path.write_text(json.dumps(data), encoding="utf-8")
    library.rule = DecisionRule.load(library.rule_path)
    assert library.rule.method == ""
    assert bundled_runtime.ensure_rule().method == library.method
