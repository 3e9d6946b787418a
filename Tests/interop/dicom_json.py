"""pydicom's DICOM JSON (PS3.18 F.2) of a file, and an element-by-element comparison with ours.

The comparison is by meaning, not by text: numbers numerically, person names by component
group, binary values by their decoded bytes. See Tests/interop/README.md for the rules.
"""

from __future__ import annotations

import base64
import binascii
import logging
import math
import struct
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

import pydicom
from pydicom import config, hooks
from pydicom.datadict import dictionary_VR

#: Binary VRs whose values are words; pydicom keeps big-endian files' bytes as read, while the
#: DICOM JSON model (and dcmveil) carry them little-endian.
WORD_SIZE = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}
BINARY_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "UN"}
INT_VRS = {"IS", "SL", "SS", "SV", "UL", "US", "UV"}
FLOAT_VRS = {"DS", "FD"}
#: VRs whose leading spaces are insignificant (PS3.5 6.2); for the others only trailing ones.
LEADING_SPACE_INSIGNIFICANT = {"AE", "CS", "DA", "DS", "DT", "IS", "LO", "SH", "TM", "UI"}
PN_GROUPS = ("Alphabetic", "Ideographic", "Phonetic")


@dataclass
class Reference:
    """pydicom's JSON of one file in two readings, and the tags pydicom could not convert.

    `default` is pydicom as it comes. `faithful` keeps the VRs written in the file: no private
    dictionary for implicit VR, and explicit UN left as UN. An element of ours may agree with
    either (see `compare`).
    """

    default: dict[str, Any]
    faithful: dict[str, Any]
    big_endian: bool
    unconvertible: set[str] = field(default_factory=set)


def _faithful_vr(raw, data, *, encoding=None, ds=None, **kwargs) -> None:
    """raw_element_vr hook: the VR as written, or the public dictionary's for implicit VR."""
    vr = raw.VR
    if vr is None:
        try:
            vr = dictionary_VR(raw.tag)
        except KeyError:
            if raw.tag.is_private:
                vr = "LO" if raw.tag.is_private_creator else "UN"
            elif raw.tag.element == 0:
                vr = "UL"
            else:
                vr = "UN"
    data["VR"] = vr


@contextmanager
def _faithful_reading() -> Iterator[None]:
    saved_replace = config.replace_un_with_known_vr
    config.replace_un_with_known_vr = False
    hooks.hooks.register_callback("raw_element_vr", _faithful_vr)
    try:
        yield
    finally:
        hooks.hooks.register_callback("raw_element_vr", hooks.raw_element_vr)
        config.replace_un_with_known_vr = saved_replace


def _to_json(ds: pydicom.Dataset) -> tuple[dict[str, Any], set[str]]:
    """The dataset's JSON, every binary value inline; tags pydicom cannot convert are dropped."""
    logger = logging.getLogger("pydicom")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        try:
            return ds.to_json_dict(), set()
        except Exception:
            pass
        out: dict[str, Any] = {}
        dropped: set[str] = set()
        for tag in ds.keys():
            key = f"{int(tag):08X}"
            try:
                out[key] = ds[tag].to_json_dict(None, 0)
            except Exception:
                dropped.add(key)
        return out, dropped
    finally:
        logger.setLevel(level)


def reference_json(path, force: bool = False) -> Reference:
    """Read `path` twice with pydicom (default and faithful) and return both JSON dicts."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(path, force=force)
        default, dropped = _to_json(ds)
        _, little = ds.original_encoding
        with _faithful_reading():
            faithful_ds = pydicom.dcmread(path, force=force)
            faithful, dropped_faithful = _to_json(faithful_ds)
    return Reference(default, faithful, big_endian=(little is False),
                     unconvertible=dropped | dropped_faithful)


def little_endian_view(obj: dict[str, Any], big_endian: bool) -> dict[str, Any]:
    """A copy of a pydicom JSON object with word-sized binary values swapped to little endian."""
    if not big_endian:
        return obj
    out: dict[str, Any] = {}
    for key, elem in obj.items():
        elem = dict(elem)
        if elem.get("vr") == "SQ" and elem.get("Value"):
            elem["Value"] = [little_endian_view(item, True) for item in elem["Value"]]
        elif "InlineBinary" in elem and elem.get("vr") in WORD_SIZE:
            raw = base64.b64decode(elem["InlineBinary"])
            elem["InlineBinary"] = base64.b64encode(_swap(raw, WORD_SIZE[elem["vr"]])).decode()
        out[key] = elem
    return out


# ---------------------------------------------------------------------------------------------
# Comparison


@dataclass
class Difference:
    """One disagreement: where (tag path), what, and both sides."""

    path: str
    what: str
    ours: Any = None
    theirs: Any = None

    def __str__(self) -> str:
        return f"{self.path}: {self.what}\n    dcmveil: {_short(self.ours)}\n    pydicom: {_short(self.theirs)}"


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def _binary(elem: dict[str, Any]) -> bytes | None:
    if "BulkDataURI" in elem:
        return None
    text = elem.get("InlineBinary") or ""
    return base64.b64decode(text, validate=True)


def _swap(data: bytes, size: int) -> bytes:
    if size <= 1 or len(data) % size:
        return data
    out = bytearray(len(data))
    for i in range(size):
        out[i::size] = data[size - 1 - i::size]
    return bytes(out)


def _string(value: Any, vr: str) -> str:
    text = "" if value is None else str(value)
    text = text.rstrip(" \x00") if vr == "UI" else text.rstrip(" ")
    return text.lstrip(" ") if vr in LEADING_SPACE_INSIGNIFICANT else text


def _integer(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool):
        raise ValueError("boolean is not a DICOM number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value!r} is not an integer")
        return int(value)
    return int(str(value).strip())


def _float(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    return float(str(value).strip()) if isinstance(value, str) else float(value)


def _float32(value: Any) -> float | None:
    number = _float(value)
    if number is None or math.isnan(number) or math.isinf(number):
        return number
    return struct.unpack("<f", struct.pack("<f", number))[0]


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    if math.isnan(a) and math.isnan(b):
        return True
    return a == b


def _values(elem: dict[str, Any]) -> list[Any]:
    value = elem.get("Value")
    return [] if value is None else list(value)


def _compare_values(path: str, vr: str, ours: dict, theirs: dict, faithful: dict | None,
                    big_endian: bool, out: list[Difference], pad_tolerant: bool = False) -> None:
    if vr in BINARY_VRS or ("InlineBinary" in theirs) or ("InlineBinary" in ours):
        try:
            ours_bytes = _binary(ours)
        except (binascii.Error, ValueError) as exc:
            out.append(Difference(path, f"InlineBinary is not valid base64 ({exc})", ours.get("InlineBinary")))
            return
        theirs_bytes = _binary(theirs)
        if theirs_bytes is not None and big_endian:
            theirs_bytes = _swap(theirs_bytes, WORD_SIZE.get(vr, 1))
        if pad_tolerant and theirs_bytes is not None and ours_bytes is not None \
                and len(theirs_bytes) % 2 == 1 and ours_bytes in (theirs_bytes + b"\x00", theirs_bytes + b" "):
            return
        if ours_bytes != theirs_bytes:
            where = _first_difference(ours_bytes or b"", theirs_bytes or b"")
            out.append(Difference(path, f"binary values differ ({len(ours_bytes or b'')} vs "
                                        f"{len(theirs_bytes or b'')} bytes, first difference at {where})",
                                  (ours_bytes or b"")[max(0, where - 8):where + 8],
                                  (theirs_bytes or b"")[max(0, where - 8):where + 8]))
        return

    a, b = _values(ours), _values(theirs)
    if vr == "SQ":
        if len(a) != len(b):
            out.append(Difference(path, f"{len(a)} items vs {len(b)}", len(a), len(b)))
        alt = _values(faithful) if faithful is not None and faithful.get("vr") == "SQ" else []
        for i, (item_a, item_b) in enumerate(zip(a, b)):
            if not isinstance(item_a, dict):
                out.append(Difference(f"{path}[{i}]", "item is not a JSON object", item_a, item_b))
                continue
            item_alt = alt[i] if len(alt) == len(b) and isinstance(alt[i], dict) else None
            compare_datasets(item_a, item_b, item_alt, big_endian, out, prefix=f"{path}[{i}].",
                             pad_tolerant=pad_tolerant)
        return

    if len(a) != len(b):
        # An empty single value may be written as no Value at all.
        if not (len(a) + len(b) == 1 and all(_empty(v, vr) for v in a + b)):
            out.append(Difference(path, f"{len(a)} values vs {len(b)}", a, b))
        return
    for i, (x, y) in enumerate(zip(a, b)):
        where = f"{path}" if len(a) == 1 else f"{path}#{i}"
        try:
            same = _same_value(vr, x, y)
        except (TypeError, ValueError) as exc:
            out.append(Difference(where, f"value not comparable as {vr} ({exc})", x, y))
            continue
        if not same:
            out.append(Difference(where, f"{vr} values differ", x, y))


def _empty(value: Any, vr: str) -> bool:
    if value is None or value == "":
        return True
    if vr == "PN" and isinstance(value, dict):
        return all(not value.get(g) for g in PN_GROUPS)
    return False


def _same_value(vr: str, x: Any, y: Any) -> bool:
    if vr == "PN":
        if x is None or y is None:
            return _empty(x, vr) and _empty(y, vr)
        if not isinstance(x, dict):
            raise TypeError("a PN value must be an object of component groups")
        return all(_string(x.get(g), vr) == _string(y.get(g), vr) for g in PN_GROUPS)
    if vr == "AT":
        return _string(x, vr).upper() == _string(y, vr).upper()
    if vr in INT_VRS:
        return _integer(x) == _integer(y)
    if vr in FLOAT_VRS:
        return _same_number(_float(x), _float(y))
    if vr == "FL":
        return _same_number(_float32(x), _float32(y))
    return _string(x, vr) == _string(y, vr)


def _first_difference(a: bytes, b: bytes) -> int:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def compare_datasets(ours: dict[str, Any], theirs: dict[str, Any], faithful: dict[str, Any] | None,
                     big_endian: bool, out: list[Difference], prefix: str = "",
                     skip: frozenset[str] | set[str] = frozenset(),
                     pad_tolerant: bool = False) -> list[Difference]:
    """Append to `out` every difference between our JSON object and pydicom's, recursively.

    An element is compared with pydicom's default reading; where our VR differs from it but
    equals the faithful reading's (UN kept as written, no private dictionary), with that one.
    Paths look like `00081140[0].00081155`; `skip` holds top-level keys not compared by value.
    With `pad_tolerant`, an odd-length binary value of theirs may have one pad byte more in ours.
    """
    if not isinstance(ours, dict):
        out.append(Difference(prefix.rstrip(".") or "(top)", "not a JSON object", ours, "{...}"))
        return out
    for key in sorted(set(ours) | set(theirs)):
        path = prefix + key
        if key not in theirs:
            out.append(Difference(path, "element only in dcmveil's output", ours[key], None))
            continue
        if key not in ours:
            out.append(Difference(path, "element missing from dcmveil's output", None, theirs[key]))
            continue
        if key in skip:
            continue
        a, b = ours[key], theirs[key]
        alt = faithful.get(key) if faithful is not None else None
        if not isinstance(a, dict) or "vr" not in a:
            out.append(Difference(path, 'not an element object with "vr"', a, b))
            continue
        if a["vr"] != b["vr"] and isinstance(alt, dict) and alt.get("vr") == a["vr"]:
            b = alt
        if a["vr"] != b["vr"]:
            out.append(Difference(path, "VR differs", a["vr"], b["vr"]))
            continue
        _compare_values(path, a["vr"], a, b, alt if alt is not b else None, big_endian, out, pad_tolerant)
    return out


def compare(ours: dict[str, Any], reference: Reference,
            skip: frozenset[str] | set[str] = frozenset(), pad_tolerant: bool = False) -> list[Difference]:
    """All differences between our top-level JSON and pydicom's for one file.

    Tags that pydicom could not convert to JSON are checked for presence only.
    """
    out: list[Difference] = []
    missing = {k for k in reference.unconvertible if isinstance(ours, dict) and k not in ours}
    for key in sorted(missing):
        out.append(Difference(key, "element missing from dcmveil's output (pydicom cannot convert it)"))
    theirs = {k: v for k, v in reference.default.items() if k not in reference.unconvertible}
    ours_cmp = ours if not isinstance(ours, dict) else \
        {k: v for k, v in ours.items() if k not in reference.unconvertible}
    return compare_datasets(ours_cmp, theirs, reference.faithful, reference.big_endian, out, skip=skip,
                            pad_tolerant=pad_tolerant)
