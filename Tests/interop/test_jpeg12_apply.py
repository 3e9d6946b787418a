"""End to end on 12-bit JPEG Extended (1.2.840.10008.1.2.4.51): `dcmveil scan-pixels` reads the burned-in
text of such a file instead of quarantining it for its syntax, and `dcmveil apply` exports it masked, still
JPEG Extended, block by block (every sample outside the masked blocks as pydicom decoded it before).

The file is made here: a 12-bit image with the patient's name and a date drawn in DejaVu Sans (Pillow),
compressed by DCMTK's dcmcjpeg (IJG 12-bit, extended sequential).
"""
import json
import shutil
import subprocess

import pytest

np = pytest.importorskip("numpy")
pydicom = pytest.importorskip("pydicom")
Image = pytest.importorskip("PIL.Image")
ImageDraw = pytest.importorskip("PIL.ImageDraw")
ImageFont = pytest.importorskip("PIL.ImageFont")
pytest.importorskip("pylibjpeg")

JPEG_EXTENDED = "1.2.840.10008.1.2.4.51"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.fixture(scope="module")
def jpeg12_with_text(tmp_path_factory):
    dcmcjpeg = shutil.which("dcmcjpeg")
    if not dcmcjpeg:
        pytest.fail("DCMTK's dcmcjpeg is needed (scripts/install-deps installs dcmtk)")
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian
    folder = tmp_path_factory.mktemp("jpeg12-apply")
    rows = cols = 256
    y, x = np.mgrid[0:rows, 0:cols]
    pixels = 300 + x * 6 + y * 2 + np.where((x - 128) ** 2 + (y - 140) ** 2 < 60 ** 2, 1200, 0)
    text = Image.new("L", (cols, rows), 0)
    draw = ImageDraw.Draw(text)
    font = ImageFont.truetype(FONT, 20)
    draw.text((12, 12), "Twelvetree^Ada", fill=255, font=font)
    draw.text((12, 220), "2024-03-05", fill=255, font=font)
    pixels = np.where(np.asarray(text) > 128, 4095, pixels).astype(np.uint16)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "2.25.1207700000000000000000000000000001"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = "2.25.1207700000000000000000000000000002"
    ds.SeriesInstanceUID = "2.25.1207700000000000000000000000000003"
    ds.Modality = "OT"
    ds.PatientName = "Twelvetree^Ada"
    ds.PatientID = "J12-0001"
    ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = rows, cols, 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = pixels.tobytes()
    native, encoded = folder / "native.dcm", folder / "in" / "jpeg12.dcm"
    encoded.parent.mkdir()
    ds.save_as(native, enforce_file_format=True)
    subprocess.run([dcmcjpeg, "+ee", native, encoded], check=True, capture_output=True)
    assert str(pydicom.dcmread(encoded).file_meta.TransferSyntaxUID) == JPEG_EXTENDED
    return encoded


def test_scan_pixels_reads_12bit_jpeg_extended(dcmveil, jpeg12_with_text):
    dcmveil.require("scan-pixels")
    r = dcmveil.run("scan-pixels", jpeg12_with_text, "--json")
    assert r.returncode == 0, r.describe()
    report = json.loads(r.stdout)
    assert report["status"] == "checked", report
    classes = {f["class"] for f in report["findings"]}
    assert {"phi", "date"} & classes, report["findings"]
    assert report["masks"], report


def test_apply_exports_12bit_jpeg_extended_masked_in_its_syntax(dcmveil, jpeg12_with_text, tmp_path):
    dcmveil.require("apply")
    keys, out = tmp_path / "keys", tmp_path / "out"
    r = dcmveil.run("keygen", keys)
    assert r.returncode == 0, r.describe()
    r = dcmveil.run("apply", jpeg12_with_text.parent, out, "--key-file", keys / "pseudonym.key")
    assert r.returncode == 0, r.describe()
    manifest = json.loads((out / "manifest.json").read_text())
    [entry] = manifest["files"]
    assert entry["status"] == "exported", entry
    assert entry["masks"], entry
    after = pydicom.dcmread(out / entry["output"])
    assert str(after.file_meta.TransferSyntaxUID) == JPEG_EXTENDED
    a = pydicom.dcmread(jpeg12_with_text).pixel_array.astype(np.int64)
    b = after.pixel_array.astype(np.int64)
    masked = np.zeros(a.shape, dtype=bool)
    for frame, x, y, w, h in entry["masks"]:
        assert frame == 0 and x % 8 == 0 and y % 8 == 0 and w % 8 == 0 and h % 8 == 0  # whole blocks
        masked[y:y + h, x:x + w] = True
    assert (b[masked] == 0).all()
    assert np.array_equal(a[~masked], b[~masked])
    # The text rows are covered.
    assert masked[12:30, 12:100].mean() > 0.9 and masked[220:238, 12:100].mean() > 0.9
