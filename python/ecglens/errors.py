"""Exceptions raised by ecglens: one per status of the C ABI, each carrying ECGLens's message.

The message is the text the ``ecglens`` command prints: it names the file (header, signal file,
record list, study folder), the lead and the problem, e.g.
``Samples/x.hea: no such file`` or ``no usable lead (i: flat; ii: flat)``.
"""

from __future__ import annotations


class ECGLensError(Exception):
    """Base of every error ECGLens reports. ``code`` is the C ABI status, ``message`` its text."""

    code = 0

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidArgumentError(ECGLensError, ValueError):
    """An argument ECGLens cannot take: an empty array, an infinite sample, an unknown mode."""

    code = 1


class RecordReadError(ECGLensError, OSError):
    """A file cannot be read or is not what it should be (missing, truncated, a bad header)."""

    code = 2


class AnalysisError(ECGLensError):
    """The signals cannot be analysed: a rate outside 100-1000 Hz, under 1 s, no usable lead, too few beats."""

    code = 3


class StudyError(ECGLensError):
    """A study folder cannot be read (no study.json, another folder-format version)."""

    code = 4


class InternalError(ECGLensError):
    """Something ECGLens did not expect; please report the message."""

    code = 5


class RecordSkippedError(ECGLensError):
    """``extract`` skipped the record, as ``ecglens extract`` would (the message says why)."""

    code = 6


class ECGLensWarning(UserWarning):
    """A problem that does not stop the result: a lead left out of delineation, a checksum mismatch."""


_CLASSES = (InvalidArgumentError, RecordReadError, AnalysisError, StudyError, InternalError, RecordSkippedError)
_BY_CODE = {c.code: c for c in _CLASSES}


def raise_for_status(status: int, message: str) -> None:
    """Raises the exception class of a C ABI status with ECGLens's message."""
    raise _BY_CODE.get(status, ECGLensError)(message or f"ECGLens failed with status {status}")
