#!/usr/bin/env python3
"""Write the EDF/EDF+ test fixtures from REAL records and a JSON golden of what pyedflib reads back.

Inputs (read-only): ECGLENS_DATA (default ../shared/data)
  - PTB-XL 1.0.3 record records500/00000/00001_hr (CC BY 4.0): 12 leads, 500 Hz, 10 s -> plain EDF,
    digital values written unchanged (1 uV per count), physical dimension "uV".
  - MIT-BIH Arrhythmia record 100 (ODC-By 1.0): first 60 s, 2 leads, 360 Hz -> EDF+C, digital values
    written unchanged (11-bit, baseline 1024, 200 counts/mV), physical dimension "mV", with the reference
    beat annotations of 100.atr in those 60 s as EDF+ annotations (text = beat symbol, plus the aux note
    for rhythm annotations).
Outputs: Tests/Fixtures/formats/{ptbxl-00001_hr.edf, mitdb-100-60s.edf, edf-golden.json}

Usage: python3 Scripts/make_edf_fixtures.py   (needs: pip install pyedflib wfdb numpy)
"""
import json
import os
import sys

import numpy as np
import pyedflib
import wfdb

DATA = os.environ.get("ECGLENS_DATA", "../shared/data")
HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED_MITDB_ANNOTATIONS = 75  # 100.atr annotations in the first 21600 samples
OUT = os.path.join(HERE, "..", "Tests", "Fixtures", "formats")


def fingerprint(values_mv):
    v = np.asarray(values_mv, dtype=np.float64)
    return {
        "count": int(v.size),
        "sum": float(v.sum()),
        "sumSquares": float((v * v).sum()),
        "first": [float(x) for x in v[:8]],
        "last": [float(x) for x in v[-8:]],
    }


def write_ptbxl(path):
    rec = wfdb.rdrecord(os.path.join(DATA, "ptb-xl/records500/00000/00001_hr"), physical=False)
    names = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
    w = pyedflib.EdfWriter(path, len(names), file_type=pyedflib.FILETYPE_EDF)
    headers = []
    for name in names:
        headers.append({
            "label": name, "dimension": "uV", "sample_frequency": 500,
            "physical_min": -32768, "physical_max": 32767, "digital_min": -32768, "digital_max": 32767,
            "transducer": "AgAgCl electrode", "prefilter": "",
        })
    w.setSignalHeaders(headers)
    # PTB-XL ptbxl_database.csv row ecg_id 1: age 56, sex 1 (female in PTB-XL), recorded 1984-11-09 09:17:34.
    import datetime
    w.setStartdatetime(datetime.datetime(1984, 11, 9, 9, 17, 34))
    w.setPatientName("PTB-XL patient 15709")
    w.setPatientAdditional("age 56 female")
    w.setEquipment("PTB-XL CS-12")
    w.writeSamples([rec.d_signal[:, i].astype(np.int32) for i in range(len(names))], digital=True)
    w.close()


def write_mitdb(path):
    samples = 60 * 360
    rec = wfdb.rdrecord(os.path.join(DATA, "mitdb/100"), sampto=samples, physical=False)
    ann = wfdb.rdann(os.path.join(DATA, "mitdb/100"), "atr", sampto=samples)
    w = pyedflib.EdfWriter(path, 2, file_type=pyedflib.FILETYPE_EDFPLUS)
    headers = []
    for name in rec.sig_name:
        headers.append({
            "label": "ECG " + name, "dimension": "mV", "sample_frequency": 360,
            "physical_min": -5.12, "physical_max": 5.115, "digital_min": 0, "digital_max": 2047,
            "transducer": "", "prefilter": "",
        })
    w.setSignalHeaders(headers)
    # 75 annotations in 60 one-second records: two annotation signals give room for all of them.
    w.set_number_of_annotation_signals(2)
    w.setPatientCode("mitdb-100")
    w.setSex(1)  # record 100 header comment: "69 M ..."
    w.setPatientName("X")
    w.setPatientAdditional("age 69")
    import datetime
    w.setStartdatetime(datetime.datetime(2000, 1, 1, 0, 0, 0))  # MIT-BIH gives no date; a fixed placeholder
    for s, sym, aux in zip(ann.sample, ann.symbol, ann.aux_note):
        text = sym + aux.replace("\x00", "").strip()
        w.writeAnnotation(float(s) / 360.0, -1, text)
    w.writeSamples([rec.d_signal[:, i].astype(np.int32) for i in range(2)], digital=True)
    w.close()


def golden(path):
    f = pyedflib.EdfReader(path)
    sigs = []
    for i in range(f.signals_in_file):
        unit = f.getPhysicalDimension(i).strip()
        scale = {"uV": 1e-3, "mV": 1.0, "V": 1e3}[unit]
        phys = f.readSignal(i, digital=False) * scale
        sigs.append({"label": f.getLabel(i), "unit": unit, "rate": f.getSampleFrequency(i),
                     "fingerprint": fingerprint(phys)})
    onsets, durations, texts = f.readAnnotations()
    anns = [{"onset": float(o), "duration": (float(d) if d >= 0 else None), "text": t}
            for o, d, t in zip(onsets, durations, texts)]
    info = {"file": os.path.basename(path), "signals": sigs, "annotations": anns,
            "startdate": f.getStartdatetime().isoformat(), "records": f.datarecords_in_file,
            "patientcode": f.getPatientCode(), "sex": f.getSex() if hasattr(f, "getSex") else None}
    f.close()
    if os.path.basename(path).startswith("mitdb") and len(anns) != EXPECTED_MITDB_ANNOTATIONS:
        sys.exit(f"only {len(anns)} of {EXPECTED_MITDB_ANNOTATIONS} annotations were written")
    return info


def main():
    os.makedirs(OUT, exist_ok=True)
    ptb = os.path.join(OUT, "ptbxl-00001_hr.edf")
    mit = os.path.join(OUT, "mitdb-100-60s.edf")
    write_ptbxl(ptb)
    write_mitdb(mit)
    out = {"tool": "pyedflib " + pyedflib.__version__, "files": [golden(ptb), golden(mit)]}
    with open(os.path.join(OUT, "edf-golden.json"), "w") as fh:
        json.dump(out, fh, indent=1)
    print("wrote", ptb, mit, file=sys.stderr)


if __name__ == "__main__":
    main()
