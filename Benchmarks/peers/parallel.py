"""Runs a Python de-identification peer over a folder with 2 worker processes, one output file per input."""
import os, sys
from multiprocessing import Pool

TOOL, SRC, DST = sys.argv[1], sys.argv[2], sys.argv[3]


def files():
    return sorted(f for f in os.listdir(SRC) if f.endswith(".dcm"))


def work_pydicom(chunk):
    import pydicom
    for f in chunk:
        ds = pydicom.dcmread(os.path.join(SRC, f))
        for kw in ("PatientName", "PatientID", "PatientBirthDate", "PatientAddress", "InstitutionName", "ReferringPhysicianName"):
            if kw in ds:
                ds.data_element(kw).value = "ANON"
        ds.save_as(os.path.join(DST, f))


def work_dicognito(chunk):
    import pydicom
    from dicognito.anonymizer import Anonymizer
    anon = Anonymizer()
    for f in chunk:
        ds = pydicom.dcmread(os.path.join(SRC, f))
        anon.anonymize(ds)
        ds.save_as(os.path.join(DST, f))


def work_deid(chunk):
    # pydicom/deid's API with per-file output folders (its CLI loses files that share a base name).
    from deid.dicom import get_identifiers, replace_identifiers
    paths = [os.path.join(SRC, f) for f in chunk]
    ids = get_identifiers(paths)
    replace_identifiers(dicom_files=paths, ids=ids, save=True, output_folder=DST, overwrite=True)


def work_dicom_anonymizer(chunk):
    from dicomanonymizer import anonymize
    for f in chunk:
        anonymize(os.path.join(SRC, f), os.path.join(DST, f), {}, True)


WORK = {"pydicom": work_pydicom, "dicognito": work_dicognito, "deid": work_deid,
        "dicom-anonymizer": work_dicom_anonymizer}

if __name__ == "__main__":
    fs = files()
    chunks = [fs[i::2] for i in range(2)]
    with Pool(2) as p:
        p.map(WORK[TOOL], chunks)
