"""`dcmveil dump --json FILE` agrees with pydicom's `to_json_dict()` on every file the wheel ships.

The contract (PS3.18 F.2, group 0002 left out) and the comparison rules are in README.md here.
"""

from __future__ import annotations

import json

import pytest

from conftest import crashed
from corpus import MALFORMED, NOT_DICOM, dicom_files, malformed_files, shipped_files, well_formed_files
from dicom_json import compare, reference_json

#: Files on which dcmveil and pydicom disagree for a documented reason: file -> reason.
#: A whole-file entry makes the comparison an expected failure (strict: once they agree, remove it).
KNOWN_DISAGREEMENTS: dict[str, str] = {}

#: Elements left out of the value comparison for a documented reason: (file, top-level key) -> reason.
#: Their presence is still checked.
KNOWN_ELEMENT_DISAGREEMENTS: dict[tuple[str, str], str] = {}


def _params(files):
    params = []
    for f in files:
        marks = []
        if f.key in KNOWN_DISAGREEMENTS:
            marks.append(pytest.mark.xfail(reason=KNOWN_DISAGREEMENTS[f.key], strict=True))
        params.append(pytest.param(f, id=f.key, marks=marks))
    return params


def test_inventory_is_as_documented():
    """The wheel still ships what corpus.py describes (a new pydicom may add or move files)."""
    not_dicom = {f.key for f in shipped_files() if not f.is_dicom}
    assert not_dicom == set(NOT_DICOM), (
        f"files pydicom cannot read changed: new {sorted(not_dicom - set(NOT_DICOM))}, "
        f"gone {sorted(set(NOT_DICOM) - not_dicom)}; update NOT_DICOM in corpus.py")
    dicom = {f.key for f in dicom_files()}
    assert set(MALFORMED) <= dicom, f"MALFORMED lists files not shipped: {sorted(set(MALFORMED) - dicom)}"
    for key in list(KNOWN_DISAGREEMENTS) + [k for k, _ in KNOWN_ELEMENT_DISAGREEMENTS]:
        assert key in dicom, f"a known disagreement names {key}, which the wheel does not ship"
    assert len(dicom) >= 150, f"only {len(dicom)} DICOM files found in pydicom's data folder"


@pytest.mark.parametrize("f", _params(well_formed_files()))
def test_dump_json_matches_pydicom(dcmveil, f):
    dcmveil.require("dump")
    result = dcmveil.run("dump", "--json", f.path)
    assert result.returncode == 0, f"{f.key}: dump --json failed\n{result.describe()}"
    try:
        ours = json.loads(result.stdout)
    except ValueError as exc:
        pytest.fail(f"{f.key}: dump --json printed no valid JSON ({exc}): {result.stdout[:300]!r}")
    reference = reference_json(f.path, force=f.needs_force)
    skip = {key for (name, key) in KNOWN_ELEMENT_DISAGREEMENTS if name == f.key}
    differences = compare(ours, reference, skip=skip)
    if differences:
        shown = "\n".join(str(d) for d in differences[:25])
        more = f"\n... and {len(differences) - 25} more" if len(differences) > 25 else ""
        pytest.fail(f"{f.key}: {len(differences)} difference(s) from pydicom\n{shown}{more}",
                    pytrace=False)


@pytest.mark.parametrize("f", [pytest.param(f, id=f.key) for f in malformed_files()])
def test_dump_refuses_malformed_file_cleanly(dcmveil, f):
    """A truncated or lying file is an error that names the file, never a crash or a partial dump."""
    dcmveil.require("dump")
    result = dcmveil.run("dump", "--json", f.path)
    assert not crashed(result), f"{f.key} ({MALFORMED[f.key]}): dcmveil crashed\n{result.describe()}"
    assert result.returncode != 0, f"{f.key} ({MALFORMED[f.key]}): accepted\n{result.describe()}"
    assert f.path.name in result.stderr, f"{f.key}: the error does not name the file\n{result.describe()}"


@pytest.mark.parametrize("f", [pytest.param(f, id=f.key) for f in shipped_files()])
def test_dump_never_crashes(dcmveil, f):
    """Every shipped file, DICOM or not, gives a dump or a clean error; no trap, no hang."""
    dcmveil.require("dump")
    result = dcmveil.run("dump", f.path)
    assert not crashed(result), f"{f.key}: dcmveil crashed\n{result.describe()}"
    if result.returncode != 0:
        assert result.stderr.strip(), f"{f.key}: failed without saying why\n{result.describe()}"
