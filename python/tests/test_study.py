"""``load_study`` on the README's main job: tables, stored SHAP, and models as xgboost Boosters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ecglens


@pytest.fixture(scope="module")
def study(sample_study):
    return ecglens.load_study(sample_study)


def test_tables_are_the_folder_files(study, sample_study):
    summary = pd.read_csv(sample_study / "summary.csv")
    assert study.summary.equals(summary)
    trained = summary[summary["status"] == "trained"]
    assert len(study.entries) == len(summary) and len(study.models) == len(trained)
    assert study.evaluation is not None and len(study.evaluation) == len(trained)
    assert set(study.predictions["partition"]) == {"validation", "test"}
    rows = sum(len(pd.read_csv(sample_study / f / "predictions.csv")) for f in study.entries["modelFolder"].dropna())
    assert len(study.predictions) == rows
    assert study.comparisons and all(len(t) for t in study.comparisons.values())


def test_stored_shap_values_of_the_explained_ecgs(study, sample_study):
    e = study.explanations
    assert set(e["ecg"]) == {p.stem for p in (sample_study / "explanations").glob("*.json")}
    # Each stored explanation: base log-odds plus its SHAP values give its probability (up to the
    # features the page leaves out, which the JSON keeps: so the sum is exact to float32).
    for (ecg, target, variant), group in e.groupby(["ecg", "target", "variant"]):
        log_odds = group["base_log_odds"].iloc[0] + group["shap"].sum()
        probability = group["probability"].iloc[0]
        assert 1 / (1 + np.exp(-log_odds)) == pytest.approx(probability, abs=1e-5), (ecg, target, variant)


def test_models_reproduce_the_stored_predictions_and_their_shap(study):
    pytest.importorskip("xgboost")
    checked = 0
    for (target, variant), booster in study.models.items():
        stored = study.predictions.query("target == @target and variant == @variant").reset_index(drop=True)
        shap = study.shap(target, variant)
        assert shap[study.config["idColumn"]].tolist() == stored["id"].tolist()
        # xgboost's own prediction equals the probability ECGLens stored (float32 output).
        assert np.allclose(shap["probability"], stored["probability"], atol=2e-6, rtol=0)
        assert list(shap.columns[1:-3]) == study.features(target, variant)
        checked += 1
    assert checked == len(study.models) > 0


def test_a_model_that_was_not_trained_says_why(study):
    with pytest.raises(KeyError, match="no model for target"):
        study.model("no-such-target", "ecg")
