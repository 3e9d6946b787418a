"""`dcmveil rewrite FILE OUT` (read, then write unchanged) gives the same bytes, and DCMTK's
dcmdump parses what dcmveil wrote, for every DICOM file the pydicom wheel ships.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import crashed
from corpus import MALFORMED, malformed_files, well_formed_files
from dicom_json import compare, little_endian_view, reference_json

# Files whose rewrite may differ from the input byte for byte, with the reason and the weaker
# check that applies instead:
#   "bare"      the input has no Part 10 header; the output is the input itself, or a Part 10
#               header (preamble, DICM, meta) followed by exactly the input's bytes.
#   "meta"      the input's file meta lacks its group length, which the writer recomputes; the
#               data set after the meta must be byte-identical.
#   "deflate"   deflated transfer syntax: the compressed bytes depend on the compressor; dcmdump
#               of input and output must list the same data set.
#   "grouplen"  a data set group length (gggg,0000) disagrees with the group's real size; the
#               output is identical, or differs only in those group length values.
#   "samedata"  the writer corrects the file (pads an odd-length value to even, writes the data set
#               in the syntax the meta declares, adds a missing meta element); pydicom must read the
#               same data set from output and input, where an odd value may gain one pad byte.
ROUNDTRIP_EXCEPTIONS: dict[str, tuple[str, str]] = {
    "test_files/ExplVR_BigEndNoMeta.dcm": ("bare", "explicit VR big endian data set, no preamble or meta"),
    "test_files/ExplVR_LitEndNoMeta.dcm": ("bare", "explicit VR little endian data set, no preamble or meta"),
    "test_files/rtstruct.dcm": ("bare", "implicit VR little endian data set, no preamble or meta"),
    "test_files/no_meta_group_length.dcm": ("meta", "file meta without (0002,0000)"),
    "test_files/image_dfl.dcm": ("deflate", "deflated explicit VR little endian"),
    "test_files/693_J2KI.dcm": ("grouplen", "(0008,0000) says 328, the group has 602 bytes; "
                                            "(0028,0000) 182 for 216; (7FE0,0000) 105406 for 1584"),
    "charset_files/chrJapMulti.dcm": ("grouplen", "(0010,0000) says 106, the group has 190 bytes"),
    "charset_files/chrKoreanMulti.dcm": ("grouplen", "(0008,0000) says 392 for 406; (0010,0000) 106 for 156"),
    "test_files/nested_priv_SQ.dcm": ("samedata", "private (0001,0002) in a nested item has odd length 9"),
    "test_files/meta_missing_tsyntax.dcm": ("samedata", "the meta has no (0002,0010) Transfer Syntax UID, "
                                                        "and a data set value has odd length"),
    "test_files/SC_rgb_jpeg.dcm": ("samedata", "the meta says explicit VR (JPEG Baseline), the data set is "
                                               "implicit VR, and a value has odd length"),
}

#: Inputs that dcmdump itself cannot parse: file -> reason. A byte-identical output of one of these
#: is accepted without dcmdump's word; any other output must still parse.
DCMDUMP_CANNOT_READ_INPUT: dict[str, str] = {
    "test_files/SC_rgb_jpeg.dcm": ("the meta says JPEG Baseline (explicit VR little endian) but the data set "
                                   "is implicit VR; pydicom notices and reads it as implicit, dcmdump stops"),
}

DCMDUMP = shutil.which("dcmdump")


def _dcmdump(path: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([DCMDUMP, *options, str(path)], capture_output=True, text=True,
                          errors="replace", timeout=120)


def _first_difference(a: bytes, b: bytes) -> int:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def _part10_dataset_offset(data: bytes) -> int | None:
    """Where the data set starts after preamble, DICM and the (explicit VR LE) file meta."""
    if data[128:132] != b"DICM":
        return None
    offset = 132
    while offset + 8 <= len(data) and data[offset:offset + 2] == b"\x02\x00":
        vr = data[offset + 4:offset + 6]
        if vr in (b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"UC", b"UN", b"UR", b"UT", b"UV", b"SV"):
            offset += 12 + int.from_bytes(data[offset + 8:offset + 12], "little")
        else:
            offset += 8 + int.from_bytes(data[offset + 6:offset + 8], "little")
    return offset


def _dataset_lines(dump: str, drop_group_lengths: bool = False) -> list[str]:
    """dcmdump's lines of the data set part, without the length/VM comment (and group lengths)."""
    text = dump.split("# Dicom-Data-Set", 1)[-1]
    lines = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("# Used TransferSyntax"):
            continue
        if drop_group_lengths and re.match(r"\s*\([0-9a-f]{4},0000\)", line):
            continue
        lines.append(re.sub(r"\s+#\s*[\d?u/l]+,\s*[\d?]+\s+\S+$", "", line.rstrip()))
    return lines


@pytest.mark.skipif(DCMDUMP is None, reason="dcmdump (Debian dcmtk) is not installed")
@pytest.mark.parametrize("f", [pytest.param(f, id=f.key) for f in well_formed_files()])
def test_rewrite_is_byte_exact_and_dcmdump_parses_it(dcmveil, tmp_path, f):
    out = tmp_path / "out.dcm"
    dcmveil.require("rewrite")
    result = dcmveil.run("rewrite", f.path, out)
    assert result.returncode == 0, f"{f.key}: rewrite failed\n{result.describe()}"
    assert out.is_file(), f"{f.key}: rewrite wrote no {out}"

    original, written = f.path.read_bytes(), out.read_bytes()
    if f.key in DCMDUMP_CANNOT_READ_INPUT and original == written:
        return
    parsed = _dcmdump(out)
    errors = [line for line in parsed.stderr.splitlines() + parsed.stdout.splitlines() if line.startswith("E:")]
    assert parsed.returncode == 0 and not errors, (
        f"{f.key}: dcmdump cannot parse dcmveil's output (exit {parsed.returncode})\n" + "\n".join(errors[:10]))
    if original == written:
        return
    at = _first_difference(original, written)
    detail = (f"{f.key}: output differs from input at byte {at} (sizes {len(original)} and {len(written)})\n"
              f"    input:  {original[max(0, at - 8):at + 16].hex(' ')}\n"
              f"    output: {written[max(0, at - 8):at + 16].hex(' ')}")
    kind, reason = ROUNDTRIP_EXCEPTIONS.get(f.key, (None, None))
    if kind is None:
        pytest.fail(detail, pytrace=False)
    if kind == "bare":
        start = _part10_dataset_offset(written)
        assert start is not None and written[start:] == original, f"{detail}\n({reason}: not header + input)"
    elif kind == "meta":
        start_in, start_out = _part10_dataset_offset(original), _part10_dataset_offset(written)
        assert start_in is not None and start_out is not None and written[start_out:] == original[start_in:], \
            f"{detail}\n({reason}: the data set after the meta differs)"
    elif kind in ("deflate", "grouplen"):
        before = _dataset_lines(_dcmdump(f.path).stdout, drop_group_lengths=(kind == "grouplen"))
        after = _dataset_lines(parsed.stdout, drop_group_lengths=(kind == "grouplen"))
        assert before == after, f"{detail}\n({reason}: dcmdump lists different data sets)"
        if kind == "grouplen":
            assert len(original) == len(written), f"{detail}\n({reason}: sizes differ)"
    elif kind == "samedata":
        before = reference_json(f.path, force=f.needs_force)
        after = reference_json(out, force=True)
        differences = compare(little_endian_view(after.default, after.big_endian), before, pad_tolerant=True)
        assert not differences, (f"{detail}\n({reason}: pydicom reads a different data set)\n"
                                 + "\n".join(str(d) for d in differences[:10]))


@pytest.mark.parametrize("f", [pytest.param(f, id=f.key) for f in malformed_files()])
def test_rewrite_refuses_malformed_file_cleanly(dcmveil, tmp_path, f):
    out = tmp_path / "out.dcm"
    dcmveil.require("rewrite")
    result = dcmveil.run("rewrite", f.path, out)
    assert not crashed(result), f"{f.key} ({MALFORMED[f.key]}): dcmveil crashed\n{result.describe()}"
    assert result.returncode != 0, f"{f.key} ({MALFORMED[f.key]}): rewrite accepted it\n{result.describe()}"
    assert f.path.name in result.stderr, f"{f.key}: the error does not name the file\n{result.describe()}"


def test_roundtrip_exceptions_name_shipped_files():
    keys = {f.key for f in well_formed_files()}
    unknown = sorted((set(ROUNDTRIP_EXCEPTIONS) | set(DCMDUMP_CANNOT_READ_INPUT)) - keys)
    assert not unknown, f"ROUNDTRIP_EXCEPTIONS names files that are not shipped or are malformed: {unknown}"
