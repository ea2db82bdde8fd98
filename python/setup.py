"""Build step of ``pip install ./python``: the Swift library goes into the package.

The package's Python code is pure; its engine is ``libECGLensC`` (the ``ECGLensC`` product of the
repository's Package.swift). ``build_py`` builds it with the Swift toolchain on PATH
(``swift build -c release --product ECGLensC`` in the repository, the folder above this one; a
build that is up to date takes seconds) and copies it to ``ecglens/_lib/``. Set
``ECGLENS_LIBRARY=/path/to/libECGLensC.so`` to package an already-built library instead.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
LIBRARY = "libECGLensC.dylib" if sys.platform == "darwin" else "libECGLensC.so"


def built_library() -> Path:
    """The library to package: $ECGLENS_LIBRARY, or a fresh `swift build` of the repository's."""
    given = os.environ.get("ECGLENS_LIBRARY")
    if given:
        path = Path(given)
        if not path.is_file():
            sys.exit(f"ecglens: ECGLENS_LIBRARY={given} is not a file")
        return path
    if not (REPOSITORY / "Package.swift").is_file():
        sys.exit(f"ecglens: {REPOSITORY} is not the ECGLens repository: build from its python/ folder, or set ECGLENS_LIBRARY")
    swift = shutil.which("swift")
    if swift is None:
        sys.exit("ecglens: no 'swift' on PATH: install the Swift 6 toolchain (swift.org/install) and add its usr/bin "
                 "to PATH (here: export PATH=/opt/swift/usr/bin:$PATH), or set ECGLENS_LIBRARY")
    command = [swift, "build", "-c", "release", "--product", "ECGLensC", "--package-path", str(REPOSITORY)]
    print("ecglens: " + " ".join(command), flush=True)
    subprocess.run(command, check=True)
    output = subprocess.run(command + ["--show-bin-path"], check=True, capture_output=True, text=True)
    output = output.stdout.strip().splitlines()[-1]
    return Path(output) / LIBRARY


class BuildWithSwift(build_py):
    """Builds the package, then puts the Swift library in ``ecglens/_lib``."""

    def run(self):
        super().run()
        source = built_library()
        target = Path(self.build_lib) / "ecglens" / "_lib"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / LIBRARY)


class BinaryDistribution(Distribution):
    """A wheel for this platform: it carries a compiled library."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithSwift}, distclass=BinaryDistribution)
