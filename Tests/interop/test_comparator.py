"""The comparison of test_dump_json.py, checked on pydicom's own output: it must accept every
faithful rendering of a file and reject each kind of change. These tests need no dcmveil binary.
"""

from __future__ import annotations

import base64
import copy
import json
import struct

import pytest

from corpus import data_root, well_formed_files
from dicom_json import compare, little_endian_view, reference_json

FILES = [pytest.param(f, id=f.key) for f in well_formed_files()]


def _dcmveil_style(obj: dict, big_endian: bool) -> dict:
    """pydicom's JSON rewritten the way a faithful writer of PS3.18 may put it: DS and IS as
    strings, FL as the shortest float32 text, word-sized binary little-endian, empty values absent."""
    return little_endian_view(_number_strings(obj), big_endian)


def _number_strings(obj: dict) -> dict:
    out = {}
    for key, elem in obj.items():
        elem = dict(elem)
        vr = elem["vr"]
        if "Value" in elem:
            if vr == "SQ":
                elem["Value"] = [_number_strings(item) for item in elem["Value"]]
            elif vr in ("DS", "IS"):
                elem["Value"] = [None if v is None else str(v) for v in elem["Value"]]
            elif vr == "FL":
                elem["Value"] = [float(f"{struct.unpack('<f', struct.pack('<f', v))[0]:.9g}")
                                 if isinstance(v, float) else v for v in elem["Value"]]
            if elem["Value"] == []:
                del elem["Value"]
        out[key] = elem
    return out


@pytest.mark.parametrize("f", FILES)
def test_pydicom_agrees_with_itself(f):
    reference = reference_json(f.path, force=f.needs_force)
    ours = json.loads(json.dumps(reference.default))
    if reference.big_endian:
        ours = _dcmveil_style(ours, True)
    ours.update({key: {"vr": "UN"} for key in reference.unconvertible})  # checked for presence only
    assert [str(d) for d in compare(ours, reference)] == []


@pytest.mark.parametrize("f", FILES)
def test_faithful_rendering_is_accepted(f):
    """VRs as written in the file (UN stays UN) and PS3.18's number-as-string forms all pass."""
    reference = reference_json(f.path, force=f.needs_force)
    ours = _dcmveil_style(json.loads(json.dumps(reference.faithful)), reference.big_endian)
    ours.update({key: {"vr": "UN"} for key in reference.unconvertible})
    assert [str(d) for d in compare(ours, reference)] == []


def _reference(name: str):
    return reference_json(data_root() / "test_files" / name)


def _mutated(reference, change):
    ours = copy.deepcopy(reference.default)
    change(ours)
    return [str(d) for d in compare(ours, reference)]


def test_each_kind_of_change_is_reported_with_its_path():
    ct = _reference("CT_small.dcm")
    cases = {
        "changed string": (lambda o: o["00080060"].__setitem__("Value", ["MR"]), "00080060"),
        "dropped element": (lambda o: o.pop("00100020"), "00100020"),
        "extra element": (lambda o: o.__setitem__("00091001", {"vr": "LO", "Value": ["x"]}), "00091001"),
        "changed VR": (lambda o: o["00280010"].__setitem__("vr", "SS"), "00280010"),
        "changed number": (lambda o: o["00280010"].__setitem__("Value", [129]), "00280010"),
        "changed DS": (lambda o: o["00180050"].__setitem__("Value", ["5.0000001"]), "00180050"),
        "changed PN group": (lambda o: o["00100010"]["Value"][0].__setitem__("Alphabetic", "X^Y"), "00100010"),
        "extra value": (lambda o: o["00080008"]["Value"].append("EXTRA"), "00080008"),
        "changed byte": (lambda o: o["7FE00010"].__setitem__(
            "InlineBinary", base64.b64encode(b"\x00" + base64.b64decode(o["7FE00010"]["InlineBinary"])[1:]).decode()),
            "7FE00010"),
        "not base64": (lambda o: o["7FE00010"].__setitem__("InlineBinary", "***"), "7FE00010"),
    }
    for name, (change, path) in cases.items():
        differences = _mutated(ct, change)
        assert differences, f"{name}: not reported"
        assert all(path in d for d in differences), f"{name}: path {path} not named in {differences}"


def test_change_inside_a_sequence_names_the_item():
    plan = _reference("rtplan.dcm")
    key = next(k for k, v in plan.default.items() if v["vr"] == "SQ" and v.get("Value"))
    item = plan.default[key]["Value"][0]
    inner = next(k for k, v in item.items() if v["vr"] not in ("SQ",) and v.get("Value"))

    def change(ours):
        ours[key]["Value"][0][inner]["Value"] = ["changed"]

    differences = _mutated(plan, change)
    assert differences and f"{key}[0].{inner}" in differences[0]


def test_big_endian_words_are_compared_little_endian():
    ref = _reference("MR_small_bigendian.dcm")
    assert ref.big_endian
    as_read = json.loads(json.dumps(ref.default))  # pydicom's bytes: big-endian words
    assert any("7FE00010" in d for d in (str(x) for x in compare(as_read, ref)))
    assert compare(_dcmveil_style(as_read, True), ref) == []


def test_one_pad_byte_is_tolerated_only_when_asked():
    ref = _reference("CT_small.dcm")
    odd = {"vr": "OB", "InlineBinary": base64.b64encode(b"abc").decode()}
    ref.default["00091010"] = odd
    ref.faithful["00091010"] = odd
    ours = copy.deepcopy(ref.default)
    ours["00091010"] = {"vr": "OB", "InlineBinary": base64.b64encode(b"abc\x00").decode()}
    assert compare(ours, ref, pad_tolerant=True) == []
    assert [str(d) for d in compare(ours, ref)] != []
    ours["00091010"] = {"vr": "OB", "InlineBinary": base64.b64encode(b"abd\x00").decode()}
    assert [str(d) for d in compare(ours, ref, pad_tolerant=True)] != []


def test_numbers_compare_by_value():
    ct = _reference("CT_small.dcm")
    ours = copy.deepcopy(ct.default)
    ours["00280010"]["Value"] = ["128"] if ct.default["00280010"]["Value"] == [128] else ours["00280010"]["Value"]
    ours["00180050"]["Value"] = [f"{ct.default['00180050']['Value'][0]:.6E}"]
    assert [str(d) for d in compare(ours, ct)] == []
