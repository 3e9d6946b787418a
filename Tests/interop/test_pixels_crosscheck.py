"""Decoder cross-check: every image in pydicom's bundled test files decodes, through DicomPixels
(the dcmveil-pixels tool), to the same array pydicom gives with the pylibjpeg plugins.

Run after `swift build` (or `--product dcmveil-pixels`); DCMVEIL_PIXELS may name the binary, else it
is looked for beside $DCMVEIL_BIN, else in .build/debug.
Lossless syntaxes must match exactly. Lossy JPEG is decoded here by libjpeg-turbo (8-bit) or by the
Swift DCT decoder (12-bit), and in pydicom by pylibjpeg-libjpeg (a different implementation), so a
small difference is allowed: within 3 levels at 8 bits, within 1 level at 12 bits. 12-bit JPEG
Extended is also checked against DCMTK (dcmcjpeg encodes synthetic images, dcmdjpeg, built on the IJG
12-bit library with its ISLOW inverse DCT, must give exactly our samples).
"""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

np = pytest.importorskip("numpy")
pydicom = pytest.importorskip("pydicom")
pytest.importorskip("pylibjpeg")

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _tool():
    if os.environ.get("DCMVEIL_PIXELS"):
        return pathlib.Path(os.environ["DCMVEIL_PIXELS"])
    if os.environ.get("DCMVEIL_BIN"):  # the Makefile's debug build: the tool sits beside dcmveil
        return pathlib.Path(os.environ["DCMVEIL_BIN"]).parent / "dcmveil-pixels"
    return ROOT / ".build" / "debug" / "dcmveil-pixels"


TOOL = _tool()
FILES = pathlib.Path(pydicom.__file__).parent / "data" / "test_files"

LOSSY_JPEG = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}
JPEG_EXTENDED = "1.2.840.10008.1.2.4.51"
# The largest difference from pydicom's array that each lossy JPEG file showed, by file name: filled in
# by test_decode_matches_pydicom and printed at the end of the module (pytest -s shows it).
LOSSY_DIFFERENCES = {}


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


@pytest.fixture(scope="module", autouse=True)
def tool_built():
    if not TOOL.exists():
        pytest.fail(f"{TOOL} is not built (swift build --product dcmveil-pixels)")


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
        assert "error" not in header, header
        ref = theirs(ds, frame, header["photometric"])
        assert mine.shape == ref.shape, (mine.shape, ref.shape)
        if syntax in LOSSY_JPEG:
            diff = np.abs(mine.astype(np.int64) - ref.astype(np.int64))
            LOSSY_DIFFERENCES[path.name] = max(LOSSY_DIFFERENCES.get(path.name, 0), int(diff.max()))
            limit = 1 if ds.BitsStored > 8 else 3   # 12-bit: ours is libjpeg's ISLOW, pylibjpeg rounds a little differently
            assert diff.max() <= limit and diff.mean() < 0.5, f"max {diff.max()} mean {diff.mean():.3f}"
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
    "JPGExtended.dcm",                   # 12-bit JPEG Extended: block-selective redaction, syntax kept
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
    # Baseline and extended JPEG are redacted block by block unless their Huffman tables cannot code the
    # blank blocks (optimized tables without large DC categories): then they fall back, with the reason.
    block_redacted = syntax_in in LOSSY_JPEG and not result["syntaxChanged"]
    if name == "JPGExtended.dcm":
        assert block_redacted, result
    if syntax_in in LOSSY_JPEG and not block_redacted:
        assert result["syntaxChanged"] and syntax_out == "1.2.840.10008.1.2.1"
        assert "block-selective redaction impossible" in result["reason"]
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
                    expected_level = (1 << before.BitsStored) - 1 if before.PhotometricInterpretation == "MONOCHROME1" else 0
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


def rendered(path, frame=0):
    """Our 8-bit rendering of a frame, read back from the PNG the tool writes."""
    Image = pytest.importorskip("PIL.Image")
    with tempfile.NamedTemporaryFile(suffix=".png") as out:
        r = run_tool("render", path, frame, out.name)
        assert "error" not in json.loads(r.stdout), r.stdout
        with Image.open(out.name) as im:
            return np.asarray(im.convert("RGB" if im.mode != "L" else "L")).astype(np.int64)


def test_palette_colour_renders_like_pydicom():
    ds = pydicom.dcmread(FILES / "examples_palette.dcm")
    ref = pydicom.pixels.apply_color_lut(ds.pixel_array, ds)
    if ref.dtype != np.uint8:
        ref = ref >> 8  # 16-bit palette entries: their high byte
    assert np.array_equal(rendered(FILES / "examples_palette.dcm"), ref.astype(np.int64))


@pytest.mark.parametrize("name", ["SC_ybr_full_422_uncompressed.dcm", "SC_rgb_rle.dcm"])
def test_colour_renders_like_pydicom(name):
    ds = pydicom.dcmread(FILES / name)
    ref = pydicom.pixels.pixel_array(ds)  # pydicom converts YBR to RGB itself
    mine = rendered(FILES / name)
    assert np.abs(mine - ref.astype(np.int64)).max() <= 1


@pytest.mark.parametrize("name", ["MR_small.dcm", "dicomdirtests/77654033/CT2/17106", "dicomdirtests/77654033/CR1/6154",
                                  "dicomdirtests/98892003/MR1/15820"])
def test_window_renders_like_pydicom(name):
    """Rescale then the file's window (PS3.3 C.11.2.1.2), scaled to 8 bits, as pydicom computes it."""
    ds = pydicom.dcmread(FILES / name)
    modality = pydicom.pixels.apply_modality_lut(ds.pixel_array, ds)
    voi = pydicom.pixels.apply_voi_lut(modality, ds, prefer_lut=False)
    bits = ds.BitsStored
    lo, hi = (0, 2 ** bits - 1) if ds.PixelRepresentation == 0 else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    if "RescaleSlope" in ds:  # pydicom's output range follows the rescale
        slope, intercept = float(ds.RescaleSlope), float(ds.get("RescaleIntercept", 0))
        lo, hi = lo * slope + intercept, hi * slope + intercept
    ref = np.round((voi.astype(np.float64) - lo) / (hi - lo) * 255)
    if ds.PhotometricInterpretation == "MONOCHROME1":
        ref = 255 - ref
    mine = rendered(FILES / name)
    assert np.abs(mine - ref).max() <= 1


def test_histogram_window_when_the_file_has_none():
    """CT_small.dcm has no window: the 1st-99th percentile window spans the grey range."""
    mine = rendered(FILES / "CT_small.dcm")
    assert np.percentile(mine, 0.5) <= 2 and np.percentile(mine, 99.5) >= 253
    assert 20 < mine.mean() < 235


def test_lossy_jpeg_differences_are_reported():
    """Runs after the decode tests of this module: prints the largest difference per lossy JPEG file."""
    for name, worst in sorted(LOSSY_DIFFERENCES.items()):
        print(f"lossy JPEG {name}: largest difference from pydicom {worst}")
    if "JPGExtended.dcm" in LOSSY_DIFFERENCES:
        assert LOSSY_DIFFERENCES["JPGExtended.dcm"] <= 1


# 12-bit JPEG Extended against DCMTK: dcmcjpeg (IJG 12-bit) encodes synthetic images, dcmdjpeg decodes them.
DCMCJPEG, DCMDJPEG = shutil.which("dcmcjpeg"), shutil.which("dcmdjpeg")


def synthetic_12bit(path, rows, cols, colour=False, frames=1, seed=0):
    """A native 12-bit image (gradients, a disc, noise) written by pydicom."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:cols]
    base = 200 + x * 3000 // cols + y * 700 // rows - 700
    base = base + np.where((x - cols / 2) ** 2 + (y - rows / 3) ** 2 < (cols / 4) ** 2, 1500, 0)
    planes = [np.clip(base + rng.integers(-40, 41, base.shape) + 97 * f, 0, 4095) for f in range(frames)]
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[str(path)])
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.Rows, ds.Columns = rows, cols
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    if colour:
        planes = [np.stack([p, 4095 - p, p // 2 + 1000], axis=-1) for p in planes]
        ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
    else:
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    if frames > 1:
        ds.NumberOfFrames = frames
    arr = np.stack(planes) if frames > 1 else planes[0]
    ds.PixelData = arr.astype(np.uint16).tobytes()
    ds.save_as(path, enforce_file_format=True)
    return arr.astype(np.int64)


# name -> (rows, columns, colour, frames, dcmcjpeg options)
DCMTK_CASES = {
    "grey-512": (512, 512, False, 1, ["+ee"]),
    "grey-odd-q50": (29, 37, False, 1, ["+ee", "+q", "50"]),
    "grey-2frames": (48, 64, False, 2, ["+ee", "+q", "95"]),
    "colour-422": (40, 46, True, 1, ["+ee"]),
    "colour-444": (40, 46, True, 1, ["+ee", "+s4"]),
}


@pytest.fixture(scope="module")
def dcmtk_12bit(tmp_path_factory):
    if not (DCMCJPEG and DCMDJPEG):
        pytest.fail("DCMTK's dcmcjpeg and dcmdjpeg are needed (scripts/install-deps installs dcmtk)")
    folder = tmp_path_factory.mktemp("jpeg12")
    out = {}
    for name, (rows, cols, colour, frames, options) in DCMTK_CASES.items():
        native, encoded, decoded = folder / f"{name}.dcm", folder / f"{name}-jpeg.dcm", folder / f"{name}-dcmtk.dcm"
        original = synthetic_12bit(native, rows, cols, colour, frames, seed=len(out))
        subprocess.run([DCMCJPEG, *options, native, encoded], check=True, capture_output=True)
        subprocess.run([DCMDJPEG, "+cl", encoded, decoded], check=True, capture_output=True)
        assert str(pydicom.dcmread(encoded).file_meta.TransferSyntaxUID) == JPEG_EXTENDED
        out[name] = (encoded, decoded, original)
    return out


@pytest.mark.parametrize("name", list(DCMTK_CASES))
def test_12bit_extended_decodes_exactly_as_dcmtk(name, dcmtk_12bit):
    encoded, decoded, original = dcmtk_12bit[name]
    reference = pydicom.dcmread(decoded)
    frames = int(reference.get("NumberOfFrames", 1) or 1)
    for frame in range(frames):
        header, mine = ours(encoded, frame)
        assert "error" not in header, header
        assert header["photometric"] == ("RGB" if reference.SamplesPerPixel == 3 else "MONOCHROME2")
        theirs_ = pydicom.pixels.pixel_array(reference, index=frame).astype(np.int64)
        assert np.array_equal(mine.astype(np.int64), theirs_), \
            f"frame {frame}: {int((mine != theirs_).sum())} samples differ, max {np.abs(mine - theirs_).max()}"
        # And the lossy coding kept the image (quality 50 to 95 on noisy 12-bit data).
        want = original[frame] if frames > 1 else original
        error = np.abs(mine.astype(np.int64) - want)
        assert error.mean() < 40, error.mean()


@pytest.mark.parametrize("name", [n for n, c in DCMTK_CASES.items() if not c[2]])
def test_12bit_extended_grey_matches_pydicom(name, dcmtk_12bit):
    encoded, _, _ = dcmtk_12bit[name]
    ds = pydicom.dcmread(encoded)
    for frame in range(int(ds.get("NumberOfFrames", 1) or 1)):
        header, mine = ours(encoded, frame)
        ref = pydicom.pixels.pixel_array(ds, index=frame).astype(np.int64)
        diff = np.abs(mine.astype(np.int64) - ref)
        print(f"12-bit {name} frame {frame}: largest difference from pydicom {diff.max()}, mean {diff.mean():.4f}")
        # Ours equals DCMTK's IJG ISLOW exactly (above); pylibjpeg-libjpeg's own IDCT rounds differently and
        # lands 2 away on a rare sample of these streams (1 on pydicom's own file, checked above).
        assert diff.max() <= 2 and diff.mean() < 0.2


def test_12bit_extended_mask_is_block_selective(dcmtk_12bit, tmp_path):
    """DCMTK writes optimized Huffman tables that lack the DC categories of a blank block: the redaction
    adds them after the longest codes (a DHT before the scan), and the stream stays JPEG Extended."""
    encoded, _, _ = dcmtk_12bit["grey-2frames"]
    out = tmp_path / "masked.dcm"
    result = json.loads(run_tool("mask", encoded, out, 1, 10, 9, 20, 5).stdout)
    assert "error" not in result, result
    assert not result["syntaxChanged"] and result["transferSyntax"] == JPEG_EXTENDED
    assert result["appliedMasks"] == [1, 8, 8, 24, 8]
    before, after = pydicom.dcmread(encoded), pydicom.dcmread(out)
    assert str(after.file_meta.TransferSyntaxUID) == JPEG_EXTENDED
    a0, b0 = (pydicom.pixels.pixel_array(d, index=0) for d in (before, after))
    assert np.array_equal(a0, b0)
    a, b = (pydicom.pixels.pixel_array(d, index=1).astype(np.int64) for d in (before, after))
    inside = np.zeros(a.shape, dtype=bool)
    inside[8:16, 8:32] = True
    assert (b[inside] == 0).all()
    assert np.array_equal(a[~inside], b[~inside])
