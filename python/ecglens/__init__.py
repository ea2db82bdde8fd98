"""ECGLens from Python: the same engine as the ``ecglens`` command, in process, on arrays, into pandas.

Five calls cover the waveform side::

    import ecglens
    ecg = ecglens.read("Samples/ptb-xl/00001_hr")        # signals (samples x leads, mV), fs, leads
    beats = ecglens.rpeaks(ecg.signals[:, 1], ecg.fs)     # DataFrame record, sample
    waves = ecglens.delineate(ecg)                         # record, lead, p_on ... t_off
    table = ecglens.extract(["Samples/ptb-xl", "Samples/ludb"])  # one row per ECG, the catalogue's columns

and ``ecglens.features()`` (the catalogue), ``ecglens.load_study(folder)`` (a study's predictions,
evaluation, SHAP values and xgboost models).

The package calls the Swift library ``libECGLensC`` through its C ABI (``ctypes``): no
subprocess, no temporary files. NumPy float64 arrays are passed without copying whatever their
order; other dtypes are converted once. Every call releases the GIL while ECGLens works and is
safe to run from several threads. Errors raise ``ECGLensError`` subclasses carrying ECGLens's
message (the file, the lead, the problem).
"""

from .errors import (
    AnalysisError,
    ECGLensError,
    ECGLensWarning,
    InternalError,
    InvalidArgumentError,
    RecordReadError,
    RecordSkippedError,
    StudyError,
)
from .features import extract, features
from .records import Recording, read
from .study import Study, load_study
from .waveforms import DELINEATION_COLUMNS, delineate, rpeaks

__version__ = "0.1.0"

__all__ = [
    "read",
    "Recording",
    "rpeaks",
    "delineate",
    "extract",
    "features",
    "load_study",
    "Study",
    "DELINEATION_COLUMNS",
    "ECGLensError",
    "InvalidArgumentError",
    "RecordReadError",
    "AnalysisError",
    "StudyError",
    "InternalError",
    "RecordSkippedError",
    "ECGLensWarning",
]
