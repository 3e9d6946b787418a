"""The real DICOM files that the pinned pydicom wheel ships, and what is known about them.

Only files inside the installed wheel are used (pydicom/data/test_files, charset_files,
palettes). pydicom's own helpers (`get_testdata_files`) may try to download further files;
the tests never call them, so they need no network.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pydicom
from pydicom.data.data_manager import DATA_ROOT
from pydicom.errors import InvalidDicomError

#: Folders of the wheel's data directory that hold DICOM files.
SHIPPED_FOLDERS = ("test_files", "charset_files", "palettes")

#: Files in those folders that are not DICOM data sets pydicom can read. Kept as a list so that
#: a new wheel that adds or drops files shows up in `test_inventory_is_as_documented`.
NOT_DICOM = {
    "test_files/README.txt": "text",
    "test_files/crayons.icc": "an ICC colour profile",
    "test_files/rtplan.dump": "text dump of rtplan.dcm",
    "test_files/rtstruct.dump": "text dump of rtstruct.dcm",
    "test_files/test1.json": "DICOM JSON, not Part 10",
    "test_files/test_PN.json": "DICOM JSON, not Part 10",
    "test_files/zipMR.gz": "gzip of a DICOM file (pydicom opens it only through gzip)",
    "test_files/dicomdirtests/README.txt": "text",
    "test_files/dicomdirtests/TINY_ALPHA/README": "text",
    "charset_files/FileInfo.txt": "text",
    "palettes/README.md": "text",
    "test_files/no_meta.dcm": (
        "no preamble and no file meta, and one stray byte before an explicit VR little endian "
        "data set; pydicom's forced read misparses it as one huge (0820,0500) UN element"
    ),
}

#: Files that are truncated or lie about a length. pydicom reads them leniently; dcmveil must
#: refuse them with a clean error (non-zero exit, no crash, a message naming the file).
MALFORMED = {
    "test_files/MR_truncated.dcm": "Pixel Data declares 8192 bytes; the file ends before them",
    "test_files/rtplan_truncated.dcm": "(300A,012C) declares 50 bytes; 29 remain in the file",
    "test_files/dicomdirtests/DICOMDIR-nooffset": (
        "the last directory record item (at byte 10860) declares 248 bytes; 224 remain in the file"),
}


@dataclass(frozen=True)
class ShippedFile:
    """One file of the wheel: `key` is its path below pydicom's data folder (the test id)."""

    key: str
    path: Path
    is_dicom: bool
    needs_force: bool  # no preamble or no file meta: pydicom reads it only with force=True

    def __str__(self) -> str:
        return self.key


def data_root() -> Path:
    """pydicom's data folder inside the installed wheel."""
    return Path(DATA_ROOT)


def _classify(path: Path) -> tuple[bool, bool]:
    """(is_dicom, needs_force): readable as is, or a `.dcm` that a forced read takes cleanly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            pydicom.dcmread(path)
            return True, False
        except InvalidDicomError:
            pass
        except Exception:
            return False, False
    if path.suffix != ".dcm":
        return False, False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = pydicom.dcmread(path, force=True)
            _ = [elem.VR for elem in ds]  # converts every top-level element
        except Exception:
            return False, False
    if any("VR lookup failed" in str(w.message) for w in caught) or len(ds) == 0:
        return False, False
    return True, True


@lru_cache(maxsize=1)
def shipped_files() -> tuple[ShippedFile, ...]:
    """Every regular file below the shipped folders, sorted, classified."""
    root = data_root()
    found = []
    for folder in SHIPPED_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or path.suffix in (".py", ".pyc"):
                continue
            is_dicom, needs_force = _classify(path)
            found.append(ShippedFile(path.relative_to(root).as_posix(), path, is_dicom, needs_force))
    return tuple(found)


def dicom_files() -> list[ShippedFile]:
    """The shipped files that pydicom reads as DICOM, the malformed ones included."""
    return [f for f in shipped_files() if f.is_dicom]


def well_formed_files() -> list[ShippedFile]:
    """The DICOM files that dcmveil is expected to read: all but `MALFORMED`."""
    return [f for f in dicom_files() if f.key not in MALFORMED]


def malformed_files() -> list[ShippedFile]:
    """The files of `MALFORMED`, as shipped."""
    return [f for f in dicom_files() if f.key in MALFORMED]


def read_reference(f: ShippedFile, **kwargs) -> pydicom.Dataset:
    """pydicom's reading of a shipped file (forced where the file has no Part 10 header)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(f.path, force=f.needs_force, **kwargs)
