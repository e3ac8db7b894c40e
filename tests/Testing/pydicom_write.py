"""Writes a DICOM Part-10 Encapsulated PDF instance with pydicom (Debian's python3-pydicom), so
that our reader and STOW-RS are tested on a file that our own code did not write.

usage: pydicom_write.py '<json arguments>' <output path>
arguments: pdf (path), sop, study, series, patient_id, patient_name, accession, mime,
           syntax ("explicit" | "implicit" | "big"), with_length (bool)
"""
import json
import sys

from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1"

args = json.loads(sys.argv[1])
out = sys.argv[2]
syntax = {"explicit": ExplicitVRLittleEndian, "implicit": ImplicitVRLittleEndian, "big": ExplicitVRBigEndian}[args.get("syntax", "explicit")]
with open(args["pdf"], "rb") as f:
    pdf = f.read()

meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = ENCAPSULATED_PDF
meta.MediaStorageSOPInstanceUID = args["sop"]
meta.TransferSyntaxUID = syntax
ds = FileDataset(out, {}, file_meta=meta, preamble=b"\0" * 128)
ds.is_little_endian = syntax != ExplicitVRBigEndian
ds.is_implicit_VR = syntax == ImplicitVRLittleEndian
ds.SpecificCharacterSet = "ISO_IR 100"
ds.SOPClassUID = ENCAPSULATED_PDF
ds.SOPInstanceUID = args["sop"]
ds.StudyInstanceUID = args["study"]
ds.SeriesInstanceUID = args["series"]
ds.PatientID = args["patient_id"]
ds.PatientName = args.get("patient_name", "")
ds.AccessionNumber = args.get("accession", "")
ds.Modality = "DOC"
ds.InstanceNumber = 1
ds.DocumentTitle = "Compte rendu"
ds.MIMETypeOfEncapsulatedDocument = args.get("mime", "application/pdf")
if args.get("with_length", True):
    ds.EncapsulatedDocumentLength = len(pdf)
ds.EncapsulatedDocument = pdf
ds.save_as(out, write_like_original=False)
