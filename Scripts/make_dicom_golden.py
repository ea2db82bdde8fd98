#!/usr/bin/env python3
"""Golden fingerprints of the DICOM ECG samples as pydicom reads them (cross-check for the Swift reader).

For every file in ECGLENS_DATA/vendor-formats/dicom/*.dcm and every multiplex group of its
WaveformSequence: per channel the code meaning / code value, and a fingerprint of
`ds.waveform_array(group)` (raw * ChannelSensitivity * ChannelSensitivityCorrectionFactor + ChannelBaseline,
in the units of ChannelSensitivityUnitsSequence) converted to mV: count, sum, sum of squares, first and
last 8 values. Also PatientAge, PatientSex, AcquisitionDateTime.
Output: Tests/Fixtures/formats/dicom-golden.json

Usage: python3 Scripts/make_dicom_golden.py   (needs: pip install pydicom numpy)
"""
import glob
import json
import os

import numpy as np
import pydicom

DATA = os.environ.get("ECGLENS_DATA", "../shared/data")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "Fixtures", "formats", "dicom-golden.json")
TO_MV = {"uV": 1e-3, "mV": 1.0, "V": 1e3}


def fingerprint(v):
    v = np.asarray(v, dtype=np.float64)
    return {"count": int(v.size), "sum": float(v.sum()), "sumSquares": float((v * v).sum()),
            "first": [float(x) for x in v[:8]], "last": [float(x) for x in v[-8:]]}


def main():
    files = []
    for path in sorted(glob.glob(os.path.join(DATA, "vendor-formats", "dicom", "*.dcm"))):
        ds = pydicom.dcmread(path)
        groups = []
        for gi, item in enumerate(ds.WaveformSequence):
            arr = ds.waveform_array(gi)
            channels = []
            for ci, ch in enumerate(item.ChannelDefinitionSequence):
                src = ch.ChannelSourceSequence[0]
                unit = ch.ChannelSensitivityUnitsSequence[0].CodeValue
                channels.append({"codeValue": src.CodeValue, "codeMeaning": src.CodeMeaning, "unit": unit,
                                 "fingerprint": fingerprint(arr[:, ci] * TO_MV[unit])})
            groups.append({"label": str(item.get("MultiplexGroupLabel", "")),
                           "rate": float(item.SamplingFrequency), "channels": channels})
        files.append({"file": os.path.basename(path), "transferSyntax": str(ds.file_meta.TransferSyntaxUID),
                      "patientAge": str(ds.get("PatientAge", "")), "patientSex": str(ds.get("PatientSex", "")),
                      "acquisitionDateTime": str(ds.get("AcquisitionDateTime", "")), "groups": groups})
    with open(OUT, "w") as fh:
        json.dump({"tool": "pydicom " + pydicom.__version__, "files": files}, fh, indent=1)


if __name__ == "__main__":
    main()
