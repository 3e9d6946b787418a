"""The recall and false-positive-area rule of `make bench` (Benchmarks/pixel_score.py, bench/README.md),
checked on hand-made boxes, and the readers of each tool's output. These tests need no dcmveil binary.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Benchmarks"))
import pixel_score  # noqa: E402

TRUTH = {"a": [(10, 10, 100, 20)], "b": []}


def test_a_box_covered_entirely_is_recalled_with_no_false_positive():
    r = pixel_score.score(TRUTH, {"a": [(10, 10, 100, 20)]}, 64 * 4, 64)
    assert (r["recalled"], r["known"], r["fp_pixels_per_image"]) == (1, 1, 0)


@pytest.mark.parametrize("width, recalled", [(80, 1), (79, 0)])
def test_recall_needs_80_percent_of_the_box_covered(width, recalled):
    r = pixel_score.score(TRUTH, {"a": [(10, 10, width, 20)]}, 256, 64)
    assert r["recalled"] == recalled


def test_two_boxes_together_cover_a_line():
    r = pixel_score.score(TRUTH, {"a": [(10, 10, 50, 20), (60, 10, 50, 20)]}, 256, 64)
    assert r["recall"] == 1.0


def test_padding_within_half_a_text_height_is_not_false_positive_but_beyond_it_is():
    # Text height 20: a margin of 10 pixels on each side is allowed.
    padded = pixel_score.score(TRUTH, {"a": [(0, 0, 120, 40)]}, 256, 64)
    assert padded["fp_pixels_per_image"] == 0
    wider = pixel_score.score(TRUTH, {"a": [(0, 0, 121, 40)]}, 256, 64)
    assert wider["fp_pixels_per_image"] * 2 == 40  # one column of 40 pixels, averaged over 2 images


def test_a_box_on_a_text_free_image_counts_entirely():
    r = pixel_score.score(TRUTH, {"b": [(0, 0, 16, 16)]}, 256, 64)
    assert r["fp_pixels_per_image"] * 2 == 256
    assert r["fp_share"] == pytest.approx(256 / (2 * 256 * 64))


def test_readers_take_masks_of_frame_0_words_with_text_and_redacted_boxes(tmp_path):
    dv = tmp_path / "dv"
    dv.mkdir()
    (dv / "part-0.jsonl").write_text(json.dumps({"file": "/x/a.dcm", "masks": [[0, 1, 2, 3, 4], [1, 5, 6, 7, 8]]}) + "\n")
    assert pixel_score.dcmveil_boxes(str(dv)) == {"a": [(1, 2, 3, 4)]}

    ts = tmp_path / "ts"
    ts.mkdir()
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = ["4\t1\t1\t1\t1\t0\t0\t0\t500\t30\t-1\t", "5\t1\t1\t1\t1\t1\t12\t12\t100\t21\t90.5\tDOE",
            "5\t1\t2\t1\t1\t1\t36\t88\t440\t336\t95\t "]
    (ts / "a.tsv").write_text("\n".join([header] + rows) + "\n")
    assert pixel_score.tesseract_boxes(str(ts)) == {"a": [(12, 12, 100, 21)]}

    pr = tmp_path / "pr"
    pr.mkdir()
    (pr / "a.json").write_text(json.dumps([{"x": 1, "y": 2, "w": 3, "h": 4}]))
    assert pixel_score.presidio_boxes(str(pr)) == {"a": [(1, 2, 3, 4)]}
