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


# One file per syntax and layout; masks must leave every other sample as pydicom decoded it before.
MASK_CASES = [
    "CT_small.dcm",                      # native 16-bit signed
    "MR_small_bigendian.dcm",            # explicit big endian
    "SC_rgb_small_odd.dcm",              # native RGB
    "SC_ybr_full_422_uncompressed.dcm",  # native YBR_FULL_422 (masks widen to pixel pairs)
    "liver_1frame.dcm",                  # 1-bit
    "rtdose.dcm",                        # 32-bit multi-frame
    "MR_small_RLE.dcm",                  # RLE 16-bit
    "SC_rgb_rle_16bit_2frame.dcm",       # RLE colour multi-frame
    "MR_small_jpeg_ls_lossless.dcm",     # JPEG-LS lossless: re-encoded
    "JPEGLSNearLossless_16.dcm",         # JPEG-LS near-lossless: re-encoded with NEAR = 0
    "MR_small_jp2klossless.dcm",         # JPEG 2000 lossless: re-encoded
    "GDCMJ2K_TextGBR.dcm",               # JPEG 2000 lossless YBR_RCT colour
    "SC_rgb_jpeg_gdcm.dcm",              # JPEG lossless SV1: re-encoded
    "JPEG2000.dcm",                      # lossy JPEG 2000: explicit VR little endian
    "SC_rgb_jpeg_dcmtk.dcm",             # JPEG baseline: explicit VR little endian
    "examples_ybr_color.dcm",            # JPEG baseline multi-frame YBR_FULL_422
]


def fill_for(ds):
    pi = ds.PhotometricInterpretation
    if pi == "MONOCHROME1":
        return (1 << ds.BitsStored) - 1 if ds.PixelRepresentation == 0 else (1 << (ds.BitsStored - 1)) - 1
    if pi == "MONOCHROME2":
        return 0 if ds.PixelRepresentation == 0 else -(1 << (ds.BitsStored - 1))
    return None


@pytest.mark.parametrize("name", MASK_CASES)
def test_mask_output_decodes_in_pydicom(name, tmp_path):
    src = FILES / name
    before = pydicom.dcmread(src)
    frames = int(before.get("NumberOfFrames", 1) or 1)
    frame = frames - 1
    rows, cols = before.Rows, before.Columns
    x, y, w, h = cols // 4, rows // 3, max(2, cols // 5), max(1, rows // 6)
    x -= x % 2  # keep YBR_FULL_422 masks on pixel pairs
    w += w % 2
    out = tmp_path / "masked.dcm"
    r = run_tool("mask", src, out, frame, x, y, w, h)
    result = json.loads(r.stdout)
    assert "error" not in result, result
    after = pydicom.dcmread(out)
    syntax_in = str(before.file_meta.TransferSyntaxUID)
    syntax_out = str(after.file_meta.TransferSyntaxUID)
    assert syntax_out == result["transferSyntax"]
    # Baseline JPEG is redacted block by block unless its Huffman tables cannot code the blank blocks
    # (optimized tables without large DC categories): then it falls back, with the reason recorded.
    block_redacted = syntax_in == "1.2.840.10008.1.2.4.50" and not result["syntaxChanged"]
    if syntax_in in LOSSY_JPEG and not block_redacted:
        assert result["syntaxChanged"] and syntax_out == "1.2.840.10008.1.2.1"
        assert "block-selective redaction impossible" in result["reason"] or syntax_in != "1.2.840.10008.1.2.4.50"
    elif syntax_in == "1.2.840.10008.1.2.4.91":
        assert result["syntaxChanged"] and syntax_out == "1.2.840.10008.1.2.1"
    else:
        assert not result["syntaxChanged"] and syntax_out == syntax_in
    # Geometry untouched.
    for keyword in ("Rows", "Columns", "BitsAllocated", "BitsStored", "HighBit", "PixelRepresentation", "SamplesPerPixel"):
        assert after.get(keyword) == before.get(keyword), keyword
    for f in range(frames):
        raw = not (syntax_in in LOSSY_JPEG and before.SamplesPerPixel == 3)
        a = pydicom.pixels.pixel_array(before, index=f, raw=raw).astype(np.int64)
        b = pydicom.pixels.pixel_array(after, index=f, raw=True).astype(np.int64)
        inside = np.zeros(a.shape[:2], dtype=bool)
        if block_redacted:
            # Baseline JPEG stays JPEG: whole MCUs are blanked in the compressed domain, the other blocks keep
            # their coefficients, so pydicom decodes them to the same pixels (beyond chroma upsampling's reach).
            b = pydicom.pixels.pixel_array(after, index=f, raw=raw).astype(np.int64)
            applied = result["appliedMasks"]
            touched = np.zeros(a.shape[:2], dtype=bool)
            for k in range(0, len(applied), 5):
                mf, mx, my, mw, mh = applied[k:k + 5]
                if mf == f:
                    touched[max(0, my - 8):my + mh + 8, max(0, mx - 8):mx + mw + 8] = True
                    core = b[my + 2:my + mh - 2, mx + 2:mx + mw - 2]
                    expected_level = 255 if before.PhotometricInterpretation == "MONOCHROME1" else 0
                    assert np.abs(core - expected_level).max() <= 4
            assert np.array_equal(a[~touched], b[~touched]), f"frame {f}: pixels away from the blanked MCUs changed"
            continue
        if f == frame:
            inside[y:y + h, x:x + w] = True
        if syntax_in in LOSSY_JPEG:
            # Decoded here by libjpeg-turbo, in pydicom by another decoder: allow their small difference.
            assert np.abs(a[~inside] - b[~inside]).max() <= 3
        else:
            assert np.array_equal(a[~inside], b[~inside]), f"frame {f}: samples outside the mask changed"
        if f == frame:
            expected = fill_for(before)
            if expected is None:  # colour: black (RGB 0, or YBR 0/half/half)
                region = b[inside]
                assert region[..., 0].max() == 0
            else:
                assert (b[inside] == expected).all()
