#!/usr/bin/python3
"""Prints, as JSON, what pydicom reads from each DICOM file of its own test corpus: the fields that
EMage indexes, the warnings pydicom gave, or the error it raised. Debian's python3 (with
python3-pydicom) runs it; the .NET test compares our reader with it field by field."""
import json
import os
import sys
import warnings

import pydicom
from pydicom.multival import MultiValue

FIELDS = [
    "PatientID", "PatientName", "PatientBirthDate", "PatientSex",
    "StudyInstanceUID", "StudyDate", "StudyTime", "StudyID", "StudyDescription", "AccessionNumber", "Modality",
    "SeriesInstanceUID", "SeriesNumber", "SeriesDescription", "SOPClassUID", "SOPInstanceUID", "InstanceNumber", "Rows", "Columns", "NumberOfFrames",
]


def text(value):
    if isinstance(value, MultiValue):
        return "\\".join(str(v) for v in value)
    return str(value)


def index(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = pydicom.dcmread(path, force=True)
        for _ in ds.iterall():
            pass
        meta = getattr(ds, "file_meta", None)
        out = {"TransferSyntaxUID": text(meta.TransferSyntaxUID) if meta is not None and "TransferSyntaxUID" in meta else None}
        for name in FIELDS:
            value = ds.get(name)
            out[name] = None if value is None or str(value) == "" else text(value)
        try:
            out["metadata"] = ds.to_json_dict(bulk_data_threshold=64, bulk_data_element_handler=lambda e: "bulk")
        except Exception as e:  # noqa: BLE001 - some corpus files cannot be put in JSON by pydicom
            out["metadata"] = None
        out["warnings"] = [str(w.message)[:200] for w in caught]
        return out


root = os.path.dirname(pydicom.__file__)
result = {}
for folder in ("data/test_files", "data/charset_files"):
    base = os.path.join(root, folder)
    for name in sorted(os.listdir(base)):
        if name.endswith(".dcm"):
            path = os.path.join(base, name)
            try:
                result[os.path.relpath(path, root)] = index(path)
            except Exception as e:  # noqa: BLE001 - any failure is "pydicom refuses this file"
                result[os.path.relpath(path, root)] = {"error": type(e).__name__ + ": " + str(e)[:200]}
json.dump({"root": root, "files": result}, sys.stdout, ensure_ascii=False, indent=1)
