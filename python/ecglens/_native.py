"""The one module that talks to the C ABI (Sources/ECGLensC/ecglens.h) through ctypes.

The library is found, in order, at ``$ECGLENS_LIBRARY``; inside the installed package
(``ecglens/_lib/libECGLensC.so``, put there by ``pip install ./python``); in the source tree's
``.build/release`` (when ``python/`` is used in place, after ``swift build -c release --product
ECGLensC``). It is loaded on first use, once, and every function's argument and result types are
declared here. ``ctypes.CDLL`` releases the GIL for the duration of each foreign call, so a long
extraction does not stop other Python threads.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
import threading
from ctypes import POINTER, byref, c_char_p, c_double, c_int32, c_int64, c_void_p
from pathlib import Path

from .errors import raise_for_status

ABI_VERSION = 1
_LIBRARY_NAME = "libECGLensC.dylib" if sys.platform == "darwin" else "libECGLensC.so"

_lock = threading.Lock()
_library: ctypes.CDLL | None = None

_c_double_p = POINTER(c_double)
_c_int64_p = POINTER(c_int64)
_c_char_pp = POINTER(c_char_p)

# name: (result type, argument types)
_SIGNATURES = {
    "ecglens_abi_version": (c_int32, []),
    "ecglens_free": (None, [c_void_p]),
    "ecglens_read_record": (c_int32, [c_char_p, POINTER(c_void_p), POINTER(c_void_p)]),
    "ecglens_recording_shape": (c_int32, [c_void_p, _c_int64_p, _c_int64_p, _c_double_p, POINTER(c_void_p)]),
    "ecglens_recording_signals": (c_int32, [c_void_p, c_void_p, c_int64, c_int64, POINTER(c_void_p)]),
    "ecglens_recording_metadata": (c_int32, [c_void_p, POINTER(c_void_p), POINTER(c_void_p)]),
    "ecglens_recording_free": (None, [c_void_p]),
    "ecglens_rpeaks": (
        c_int32,
        [c_void_p, c_int64, c_int64, c_int64, c_int64, c_double, _c_char_pp, POINTER(c_void_p), _c_int64_p,
         POINTER(c_void_p)],
    ),
    "ecglens_delineate": (
        c_int32,
        [c_void_p, c_int64, c_int64, c_int64, c_int64, c_double, _c_char_pp, c_int32, c_int32,
         POINTER(c_void_p), _c_int64_p, POINTER(c_void_p), POINTER(c_void_p)],
    ),
    "ecglens_feature_count": (c_int64, []),
    "ecglens_feature_catalogue": (c_int32, [POINTER(c_void_p), POINTER(c_void_p)]),
    "ecglens_extract_record": (
        c_int32,
        [c_char_p, c_int32, c_void_p, c_int64, c_void_p, POINTER(c_void_p), POINTER(c_void_p), POINTER(c_void_p)],
    ),
    "ecglens_extract_signals": (
        c_int32,
        [c_void_p, c_int64, c_int64, c_int64, c_int64, c_double, _c_char_pp, c_double, c_int32,
         c_void_p, c_int64, c_void_p, POINTER(c_void_p), POINTER(c_void_p)],
    ),
    "ecglens_discover_records": (c_int32, [_c_char_pp, c_int64, POINTER(c_void_p), POINTER(c_void_p)]),
    "ecglens_read_study": (c_int32, [c_char_p, POINTER(c_void_p), POINTER(c_void_p)]),
}


def library_candidates() -> list[Path]:
    """Where the library is looked for, in order (see the module docstring)."""
    here = Path(__file__).resolve().parent
    candidates = []
    if os.environ.get("ECGLENS_LIBRARY"):
        candidates.append(Path(os.environ["ECGLENS_LIBRARY"]))
    candidates.append(here / "_lib" / _LIBRARY_NAME)
    candidates.append(here.parent.parent / ".build" / "release" / _LIBRARY_NAME)
    return candidates


def lib() -> ctypes.CDLL:
    """The loaded library, loaded and checked on first use (thread safe)."""
    global _library
    if _library is not None:
        return _library
    with _lock:
        if _library is None:
            _library = _load()
    return _library


def library_path() -> Path:
    """The file the library is (or will be) loaded from."""
    tried = library_candidates()
    path = next((p for p in tried if p.is_file()), None)
    if path is None:
        raise ImportError(
            "ecglens: the ECGLens library was not found (looked at "
            + ", ".join(str(p) for p in tried)
            + "). Install with `pip install ./python` from the repository (Swift 6 on PATH), "
            "or build it with `swift build -c release --product ECGLensC` and set ECGLENS_LIBRARY."
        )
    return path


def declare(library: ctypes.CDLL) -> ctypes.CDLL:
    """Declares the argument and result types of every function of the ABI on ``library``."""
    for name, (result, arguments) in _SIGNATURES.items():
        function = getattr(library, name)
        function.restype = result
        function.argtypes = arguments
    return library


def _load() -> ctypes.CDLL:
    path = library_path()
    library = declare(ctypes.CDLL(str(path)))
    version = library.ecglens_abi_version()
    if version != ABI_VERSION:
        raise ImportError(f"ecglens: {path} has C ABI version {version}; this package needs {ABI_VERSION}")
    return library


def take_text(pointer: c_void_p) -> str:
    """The text of a library-allocated string, which is then released (``ecglens_free``)."""
    if not pointer.value:
        return ""
    try:
        return ctypes.string_at(pointer.value).decode("utf-8", errors="replace")
    finally:
        lib().ecglens_free(pointer)


def check(status: int, error: c_void_p) -> None:
    """Raises the exception for a non-zero status, carrying the library's message."""
    if status != 0:
        raise_for_status(status, take_text(error))
    elif error.value:
        lib().ecglens_free(error)


def c_strings(values: list[str]):
    """A C array of NUL-terminated UTF-8 strings (kept alive by the caller while in use)."""
    array = (c_char_p * max(1, len(values)))()
    for i, v in enumerate(values):
        array[i] = v.encode("utf-8")
    return array


def feature_count() -> int:
    """Values per feature row (``ecglens_feature_count``)."""
    return int(lib().ecglens_feature_count())


def read_study_json(path: str) -> dict:
    """``study.json`` of a study folder, checked by ECGLens (``ecglens_read_study``)."""
    out, error = c_void_p(), c_void_p()
    check(lib().ecglens_read_study(os.fsencode(path), byref(out), byref(error)), error)
    return json.loads(take_text(out))
