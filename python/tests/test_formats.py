"""Every format ECGLens reads is read the same way from Python (``ecglens.read``).

The Swift format tests (Tests/FormatsTests) check the readers against pydicom, pyedflib, the
sierraecg package and base64 decoding; here the same files must come through the C ABI with
their format, lead names, rate, cart measurements and signals in mV.
"""

from __future__ import annotations

import numpy as np
import pytest

import ecglens

from conftest import shared

FILES = [
    ("ge-muse/example1.xml", "ge-muse"),
    ("philips-sierra/129DYPRG.XML", "philips-sierra"),
    ("hl7-aecg/ecgtoolkit-Example.xml", "hl7-aecg"),
    ("scp-ecg/ecgtoolkit-Example.scp", "scp-ecg"),
    ("dicom/pydicom-waveform_ecg.dcm", "dicom"),
]


@pytest.mark.parametrize("relative, fmt", FILES)
def test_vendor_files_read_with_their_format(relative, fmt):
    path = shared("vendor-formats") / relative
    ecg = ecglens.read(path)
    assert ecg.metadata["format"] == fmt
    assert ecg.signals.shape[1] == len(ecg.leads) >= 2
    assert ecg.signals.shape[0] >= ecg.fs  # at least a second
    assert "units" not in ecg.metadata or ecg.metadata["units"] is None  # WFDB header fields only for WFDB
    finite = ecg.signals[np.isfinite(ecg.signals)]
    # mV: an ECG's samples lie within +-20 mV; a reader off by 1000 (uV) would not.
    assert finite.size > 0 and np.abs(finite).max() < 20
    assert "II" in ecg.leads


def test_cart_measurements_come_with_a_muse_file():
    ecg = ecglens.read(shared("vendor-formats") / "ge-muse" / "example1.xml")
    cart = ecg.metadata["cart_measurements"]
    assert cart is not None and cart.get("qrs_ms", 0) > 40


def test_an_unrecognised_file_names_itself(tmp_path):
    bad = tmp_path / "not-an-ecg.xml"
    bad.write_text("<html><body>hello</body></html>")
    with pytest.raises(ecglens.RecordReadError, match="not-an-ecg.xml"):
        ecglens.read(bad)
