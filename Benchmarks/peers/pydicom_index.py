"""Peer for header-only indexing: pydicom dcmread(stop_before_pixels=True) over a folder, N processes."""
import argparse, os
from multiprocessing import Pool
import pydicom


def one(path):
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        return (ds.get("PatientID"), ds.get("StudyInstanceUID"), ds.get("SeriesInstanceUID"), ds.get("Modality"))
    except Exception:
        return None


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("folder")
    a = ap.parse_args()
    files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(a.folder) for f in fs)
    with Pool(a.jobs) as p:
        rows = p.map(one, files, chunksize=64)
    print(len([r for r in rows if r]), "files;", len({r[1] for r in rows if r}), "studies")
