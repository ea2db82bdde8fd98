"""Study folders (``ecglens study`` / ``ecglens train``) in pandas and xgboost: ``ecglens.load_study``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from . import _native


class Study:
    """A study folder read back: its tables as DataFrames and its models as xgboost Boosters.

    Attributes:
        path: the study folder.
        config: the study's configuration (``study.json``'s ``configuration``, checked by ECGLens).
        entries: one row per (target, variant): status, features, best iteration, AUROCs, folder.
        summary: ``summary.csv``: counts per partition, features, validation and test AUROC.
        split: ``split.csv``: id, patient and partition of every row.
        predictions: every trained model's ``predictions.csv`` stacked, with ``target`` and
            ``variant`` columns: id, patient, partition (validation, test), label, probability.
        evaluation: ``evaluation.csv`` (``ecglens evaluate``: AUROC with DeLong and bootstrap
            intervals, calibration ...), or None when the folder has none.
        evaluation_subgroups: ``evaluation-subgroups.csv``, or None.
        comparisons: ``compare-BASE-vs-NEW.csv`` tables by their ``BASE-vs-NEW`` name.
        explanations: the SHAP values ECGLens stored for the ECGs it explained
            (``explanations/*.json``): one row per ECG, model and feature with ``value``, ``shap``
            (log-odds), ``probability`` and ``base_log_odds``; empty when none were explained.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        document = _native.read_study_json(os.fspath(path))
        self.config: dict = document["configuration"]
        self.entries = pd.DataFrame(document["entries"])
        self.summary = _csv(self.path / "summary.csv")
        self.split = _csv(self.path / "split.csv", text=True)
        self.predictions = self._predictions()
        self.evaluation = _csv(self.path / "evaluation.csv")
        self.evaluation_subgroups = _csv(self.path / "evaluation-subgroups.csv")
        self.comparisons = {f.stem[len("compare-"):]: _csv(f) for f in sorted(self.path.glob("compare-*.csv"))}
        self.explanations = self._explanations()
        self._boosters: dict = {}

    def __repr__(self) -> str:
        trained = int((self.entries["status"] == "trained").sum()) if len(self.entries) else 0
        return f"<ecglens.Study {self.path}: {trained} trained models, {len(self.config.get('targets', []))} targets>"

    def _trained(self):
        if "modelFolder" not in self.entries:
            return self.entries.iloc[0:0]
        return self.entries[self.entries["modelFolder"].notna()]

    def _predictions(self) -> pd.DataFrame:
        parts = []
        for _, e in self._trained().iterrows():
            p = _csv(self.path / e["modelFolder"] / "predictions.csv", text=True, numeric=("label", "probability"))
            if p is not None:
                parts.append(p.assign(target=e["target"], variant=e["variant"]))
        if not parts:
            return pd.DataFrame(columns=["target", "variant", "id", "patient", "partition", "label", "probability"])
        frame = pd.concat(parts, ignore_index=True)
        return frame[["target", "variant"] + [c for c in frame.columns if c not in ("target", "variant")]]

    def _explanations(self) -> pd.DataFrame:
        rows = []
        for f in sorted((self.path / "explanations").glob("*.json")):
            for model in json.loads(f.read_text()):
                for ev in model.get("evidence", []):
                    rows.append({
                        "ecg": f.stem, "target": model["target"], "variant": model["variant"],
                        "probability": model["probability"], "base_log_odds": model["baseLogOdds"],
                        "feature": ev["feature"], "measured_as": ev.get("measuredAs"), "value": ev.get("value"),
                        "shap": ev["shap"], "unit": ev.get("unit"), "assessment": ev.get("assessment"),
                    })
        columns = ["ecg", "target", "variant", "probability", "base_log_odds", "feature", "measured_as", "value",
                   "shap", "unit", "assessment"]
        return pd.DataFrame(rows, columns=columns)

    def features(self, target: str, variant: str) -> list[str]:
        """The model's features, in its column order (``features.txt``)."""
        return self._entry(target, variant)["features"]

    def model(self, target: str, variant: str):
        """The model of (target, variant) as an ``xgboost.Booster`` (loaded once, from ``model.json``).

        Raises ImportError when xgboost is not installed (``pip install xgboost``)."""
        key = (target, variant)
        if key not in self._boosters:
            try:
                import xgboost
            except ImportError as e:
                raise ImportError("ecglens: study models load as xgboost Boosters: pip install xgboost") from e
            folder = self.path / self._entry(target, variant)["modelFolder"]
            booster = xgboost.Booster(model_file=str(folder / "model.json"))
            booster.feature_names = None
            self._boosters[key] = booster
        return self._boosters[key]

    @property
    def models(self) -> dict:
        """Every trained model as ``{(target, variant): xgboost.Booster}``."""
        keys = [(e["target"], e["variant"]) for _, e in self._trained().iterrows()]
        return {key: self.model(*key) for key in keys}

    def table(self) -> pd.DataFrame:
        """The study's feature table (the configuration's ``table``), ids and patients as text."""
        path = Path(self.config["table"])
        if not path.is_absolute():
            path = self.path / path
        if not path.is_file():
            raise FileNotFoundError(f"{path}: the study's feature table is not there (config 'table')")
        return pd.read_csv(path, dtype={self.config["idColumn"]: str, self.config["patientColumn"]: str})

    def shap(self, target: str, variant: str, data: pd.DataFrame | None = None) -> pd.DataFrame:
        """TreeSHAP values (log-odds) per row, with xgboost's ``pred_contribs``: the values ECGLens
        computes through the same library.

        Args:
            data: rows to explain, with the model's feature columns (missing columns and NaN are
                missing values, as ECGLens passes them). Default: the study table's rows that the
                model predicted (``predictions`` of this target and variant), in that order.

        Returns:
            DataFrame: the id column (when ``data`` has it), one column per feature, ``bias``
            (the base log-odds), ``log_odds`` (their sum) and ``probability``.
        """
        import xgboost

        features = self.features(target, variant)
        id_column = self.config["idColumn"]
        if data is None:
            table = self.table().set_index(id_column, drop=False)
            ids = self.predictions.query("target == @target and variant == @variant")["id"]
            data = table.loc[ids.to_numpy()].reset_index(drop=True)
        matrix = np.column_stack([
            pd.to_numeric(data[f], errors="coerce").to_numpy(np.float64) if f in data else np.full(len(data), np.nan)
            for f in features
        ]) if features else np.empty((len(data), 0))
        contributions = self.model(target, variant).predict(xgboost.DMatrix(matrix, missing=np.nan), pred_contribs=True)
        frame = pd.DataFrame(contributions[:, :-1], columns=features)
        frame["bias"] = contributions[:, -1]
        frame["log_odds"] = contributions.sum(axis=1)
        frame["probability"] = 1 / (1 + np.exp(-frame["log_odds"]))
        if id_column in data:
            frame.insert(0, id_column, data[id_column].to_numpy())
        return frame

    def _entry(self, target: str, variant: str) -> dict:
        found = self.entries[(self.entries["target"] == target) & (self.entries["variant"] == variant)]
        if found.empty:
            raise KeyError(f"{self.path}: no model for target {target!r}, variant {variant!r}")
        entry = found.iloc[0].to_dict()
        if not isinstance(entry.get("modelFolder"), str):
            reason = entry.get("reason") or "no model"
            raise KeyError(f"{self.path}: {target} ({variant}) was {entry.get('status')}: {reason}")
        return entry


def _csv(path: Path, text: bool = False, numeric: tuple = ()) -> pd.DataFrame | None:
    """A CSV of the folder, or None when absent; with ``text``, every column but ``numeric`` as text."""
    if not path.is_file():
        return None
    if not text:
        return pd.read_csv(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for c in numeric:
        frame[c] = pd.to_numeric(frame[c], errors="coerce")
    return frame


def load_study(path: str | os.PathLike) -> Study:
    """Reads a study folder written by ``ecglens study`` or ``ecglens train``.

    ``study.json`` is read and checked by ECGLens (its folder-format version and schema), so a
    folder from another version fails with ECGLens's message; the tables are read with pandas and
    the models load, on first use, as Python xgboost ``Booster``s whose predictions equal ECGLens's.

    Raises:
        StudyError: the folder has no readable ``study.json`` (the message says why).
    """
    return Study(path)
