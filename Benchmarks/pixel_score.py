"""Recall of the known burned-in text boxes and false-positive area, from each tool's output.

The rule (also in bench/README.md):
- A known box is recalled when the union of the tool's boxes on that image covers at least 80% of its pixels.
- False-positive area is the area of the union of the tool's boxes that lies outside every known box grown by
  half its text height on each side (so a mask's padding around real text is not counted), summed over the
  corpus and given as a share of all image pixels.
"""
import glob, json, os

import numpy as np

RECALL_COVER = 0.8


def _paint(mask, boxes):
    height, width = mask.shape
    for x, y, w, h in boxes:
        x0, y0 = max(0, int(x)), max(0, int(y))
        x1, y1 = min(width, int(x + w)), min(height, int(y + h))
        if x1 > x0 and y1 > y0:
            mask[y0:y1, x0:x1] = True


def score(truth, detections, width, height):
    """truth: {name: [(x, y, w, h)]}; detections: {name: [(x, y, w, h)]} (a missing name has no boxes).
    Returns recall, recalled, known, fp_share (of all image pixels), fp_pixels_per_image, images."""
    known = recalled = fp = 0
    for name, boxes in truth.items():
        det = np.zeros((height, width), dtype=bool)
        _paint(det, detections.get(name, []))
        for (x, y, w, h) in boxes:
            known += 1
            if det[y:y + h, x:x + w].sum() >= RECALL_COVER * w * h:
                recalled += 1
        allowed = np.zeros((height, width), dtype=bool)
        _paint(allowed, [(x - h // 2, y - h // 2, w + 2 * (h // 2), h + 2 * (h // 2)) for (x, y, w, h) in boxes])
        fp += int((det & ~allowed).sum())
    n = len(truth)
    return dict(recall=recalled / known if known else 1.0, recalled=recalled, known=known,
                fp_share=fp / (n * width * height) if n else 0.0, fp_pixels_per_image=fp / n if n else 0.0, images=n)


def load_truth(corpus):
    """truth.json of `dcmveil synth --kind mixed`: every file, with its boxes (empty for text-free files)."""
    with open(os.path.join(corpus, "truth.json")) as f:
        items = json.load(f)
    return {os.path.splitext(i["file"])[0]: [(b["x"], b["y"], b["w"], b["h"]) for b in i["boxes"]] for i in items}


def dcmveil_boxes(out):
    """The masks dcmveil scan-pixels --json proposes (frame 0), per file."""
    res = {}
    for part in glob.glob(os.path.join(out, "*.jsonl")):
        for line in open(part):
            line = line.strip()
            if not line.startswith("{"):
                continue
            doc = json.loads(line)
            name = os.path.splitext(os.path.basename(doc["file"]))[0]
            res[name] = [(x, y, w, h) for (fr, x, y, w, h) in doc.get("masks", []) if fr == 0]
    return res


def tesseract_boxes(out):
    """Every word the tesseract command read (TSV level 5, non-blank text), per image."""
    res = {}
    for tsv in glob.glob(os.path.join(out, "*.tsv")):
        boxes = []
        for i, line in enumerate(open(tsv, errors="replace")):
            cols = line.rstrip("\n").split("\t")
            if i == 0 or len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
                continue
            boxes.append((int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9])))
        res[os.path.splitext(os.path.basename(tsv))[0]] = boxes
    return res


def presidio_boxes(out):
    """The boxes Presidio's DicomImageRedactorEngine redacts, per file."""
    res = {}
    for js in glob.glob(os.path.join(out, "*.json")):
        with open(js) as f:
            res[os.path.splitext(os.path.basename(js))[0]] = [(b["x"], b["y"], b["w"], b["h"]) for b in json.load(f)]
    return res
