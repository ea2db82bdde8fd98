"""A tour of ``import ecglens``: records and arrays in, pandas out, the command's numbers.

Run from the repository root after ``pip install ./python``:

    python python/examples/tutorial.py

It uses the bundled records in Samples/ only and takes a second or two.
"""

import numpy as np

import ecglens

# 1. Read a record. Every format ECGLens reads (today WFDB): the path without extension, as
#    wfdb-python takes it. Signals are float64 (samples x leads) in mV, the values ECGLens analyses.
ecg = ecglens.read("Samples/ptb-xl/00001_hr")
print(f"{ecg.name}: {ecg.signals.shape[0]} samples x {len(ecg.leads)} leads at {ecg.fs:g} Hz, leads {ecg.leads}")
print("header says age", ecg.age, "sex_male", ecg.sex_male, "| units", ecg.metadata["units"][0])

# 2. R peaks on one lead (a 1-D array and its rate), as `ecglens beats` writes them.
peaks = ecglens.rpeaks(ecg.signals[:, 1], fs=ecg.fs)
rr_ms = np.diff(peaks["sample"].to_numpy()) / ecg.fs * 1000
print(f"{len(peaks)} beats on lead II, mean RR {rr_ms.mean():.0f} ms")
# ... or fused over all leads, placed on lead II.
print("fused over 12 leads:", ecglens.rpeaks(ecg, lead="II", all_leads=True)["sample"].tolist()[:5], "...")

# 3. Delineation of every lead together: the CLI's table (record, lead, p_on ... t_off), samples.
waves = ecglens.delineate(ecg.signals, fs=ecg.fs, leads=ecg.leads, include_global=True)
beats = waves[waves["lead"] == "global"]
qrs_ms = ((beats["qrs_off"] - beats["qrs_on"]) / ecg.fs * 1000).median()
print(f"{len(waves)} rows; median global QRS {qrs_ms:.0f} ms")
print(waves.head(3).to_string(index=False))

# 4. Features: one row per ECG with the catalogue's columns. Paths (records, folders, record
#    lists) are measured exactly as `ecglens extract` measures them, in parallel threads.
table = ecglens.extract(["Samples/ptb-xl", "Samples/ludb"], jobs=2)
shown = ["ecg_id", "heart_rate_bpm", "pr_ms", "qrs_ms", "qtc_bazett_ms", "qrs_axis_deg", "status"]
print(table[shown].to_string(index=False))

# Arrays work the same way, whatever their layout or type: Fortran order and slices pass without
# a copy, float32 is converted, int16 ADC values need their gain (ADC units per mV).
adc = np.round(ecg.signals * 1000).astype(np.int16)
from_adc = ecglens.extract(adc, fs=500, leads=ecg.leads, gain=1000, ids=[ecg.name])
columns = list(ecglens.features()["feature"])
same = np.array_equal(from_adc[columns].to_numpy()[0], table[columns].to_numpy()[0], equal_nan=True)
print("int16 + gain gives the record's features:", same)

# 5. The catalogue: units, definitions, adult reference ranges and their sources.
catalogue = ecglens.features()
qtc = catalogue[catalogue["feature"] == "qtc_bazett_ms"]
print(qtc[["feature", "unit", "normal_low", "normal_high", "source"]].to_string(index=False))

# 6. Errors carry ECGLens's message; in a batch a bad record is a status, not an exception.
try:
    ecglens.read("Samples/ptb-xl/no-such-record")
except ecglens.RecordReadError as e:
    print("error:", e)
batch = ecglens.extract(["Samples/ptb-xl/00001_hr", "Samples/nowhere"])
print(batch[["ecg_id", "status", "error"]].to_string(index=False))

# 7. Studies (`ecglens study Samples/chapman/study.json` writes studies/chapman-sample/study):
#    predictions, evaluation, SHAP values and the models as xgboost Boosters.
try:
    study = ecglens.load_study("studies/chapman-sample/study")
except ecglens.StudyError as e:
    print("no study yet:", e)
else:
    print(study)
    auroc = study.evaluation[["target", "variant", "auroc", "auroc_delong_lower", "auroc_delong_upper"]]
    print(auroc.head().to_string(index=False))
    target, variant = study.predictions[["target", "variant"]].iloc[0]
    try:
        shap = study.shap(target, variant)  # needs `pip install xgboost`
        print(f"SHAP per row for {target} ({variant}):", shap.shape)
    except ImportError as e:
        print(e)
