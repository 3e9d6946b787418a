"""Decoder cross-check: every image in pydicom's bundled test files decodes, through DicomPixels
(the dcmveil-pixels tool), to the same array pydicom gives with the pylibjpeg plugins.

Run after `swift build --product dcmveil-pixels`; DCMVEIL_PIXELS may name the binary.
Lossless syntaxes must match exactly. Lossy JPEG is decoded here by libjpeg-turbo and in pydicom
by pylibjpeg-libjpeg (a different implementation), so a small difference is allowed and reported.
"""
import json
import os
import pathlib
import subprocess
import tempfile

import pytest

np = pytest.importorskip("numpy")
pydicom = pytest.importorskip("pydicom")
pytest.importorskip("pylibjpeg")

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOOL = pathlib.Path(os.environ.get("DCMVEIL_PIXELS", ROOT / ".build" / "debug" / "dcmveil-pixels"))
FILES = pathlib.Path(pydicom.__file__).parent / "data" / "test_files"

LOSSY_JPEG = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}
# Files whose header lies in a way pydicom only accepts with a warning; our answer is an error.
# libjpeg-turbo 2.1 (Debian 12) has the 8-bit API only: 12-bit JPEG Extended is refused with a reason.
KNOWN_REFUSALS = {
    "JPGExtended.dcm",
    "JPEG-lossy.dcm",
}


def image_files():
    out = []
    for path in sorted(FILES.rglob("*")):
        if not path.is_file():
            continue
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=False)
        except Exception:
            continue
        if "PixelData" not in ds or "Rows" not in ds:
            continue
        out.append(path)
    return out


def run_tool(*args):
    return subprocess.run([str(TOOL), *map(str, args)], capture_output=True, text=True)


def ours(path, frame):
    with tempfile.NamedTemporaryFile(suffix=".raw") as out:
        r = run_tool("decode", path, frame, out.name)
        header = json.loads(r.stdout)
        if "error" in header:
            return header, None
        data = np.fromfile(out.name, dtype=header["dtype"])
    shape = (header["rows"], header["columns"]) + ((header["samplesPerPixel"],) if header["samplesPerPixel"] > 1 else ())
    return header, data.reshape(shape)


def theirs(ds, frame, our_photometric):
    # Our lossy JPEG frames come out of libjpeg as RGB; pydicom gives RGB without raw=True.
    # Everything else is compared as stored (raw=True: no colour conversion by pydicom).
    raw = not (our_photometric == "RGB" and str(ds.file_meta.TransferSyntaxUID) in LOSSY_JPEG)
    return pydicom.pixels.pixel_array(ds, index=frame, raw=raw)


@pytest.fixture(scope="session", autouse=True)
def tool_built():
    if not TOOL.exists():
        pytest.skip(f"{TOOL} not built (swift build --product dcmveil-pixels)")


@pytest.mark.parametrize("path", image_files(), ids=lambda p: str(p.relative_to(FILES)))
def test_decode_matches_pydicom(path):
    ds = pydicom.dcmread(path)
    syntax = str(ds.file_meta.TransferSyntaxUID)
    try:
        frames = int(ds.get("NumberOfFrames", 1) or 1)
    except ValueError:  # e.g. badVR.dcm's '1A': we must refuse it
        header, _ = ours(path, 0)
        assert "error" in header
        return
    try:
        reference_ok = True
        pydicom.pixels.pixel_array(ds, index=0, raw=True)
    except Exception as e:  # pydicom cannot decode it either: we must refuse with a typed error, not crash
        reference_ok = False
        header, _ = ours(path, 0)
        assert "error" in header, f"pydicom refuses ({e}) but we decoded"
        return
    for frame in sorted({0, frames - 1}):
        header, mine = ours(path, frame)
        if path.name in KNOWN_REFUSALS:
            assert header.get("error") == "unsupportedSyntax", header
            return
        assert "error" not in header, header
        ref = theirs(ds, frame, header["photometric"])
        assert mine.shape == ref.shape, (mine.shape, ref.shape)
        if syntax in LOSSY_JPEG:
            diff = np.abs(mine.astype(np.int64) - ref.astype(np.int64))
            assert diff.max() <= 3 and diff.mean() < 0.5, f"max {diff.max()} mean {diff.mean():.3f}"
        else:
            assert np.array_equal(mine.astype(np.int64), ref.astype(np.int64)), \
                f"{int((mine != ref).sum())} samples differ"
