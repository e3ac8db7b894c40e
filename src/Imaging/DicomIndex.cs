namespace EMage.Imaging;

/// <summary>What EMage reads of a DICOM instance: enough to file it under a patient, a study and a series.</summary>
public sealed record DicomIndex
{
    public string? TransferSyntaxUid { get; init; }
    public string? PatientId { get; init; }
    public string? PatientName { get; init; }
    public string? PatientBirthDate { get; init; }
    public string? PatientSex { get; init; }
    public string? StudyInstanceUid { get; init; }
    public string? StudyDate { get; init; }
    public string? StudyTime { get; init; }
    public string? StudyId { get; init; }
    public string? StudyDescription { get; init; }
    public string? AccessionNumber { get; init; }
    public string? Modality { get; init; }
    public string? SeriesInstanceUid { get; init; }
    public int? SeriesNumber { get; init; }
    public string? SeriesDescription { get; init; }
    public string? SopClassUid { get; init; }
    public string? SopInstanceUid { get; init; }
    public int? InstanceNumber { get; init; }
    public int? Rows { get; init; }
    public int? Columns { get; init; }
    public int? NumberOfFrames { get; init; }
}

/// <summary>What an Encapsulated Document instance carries: the document's MIME type, when stated, and its bytes.</summary>
public sealed record EncapsulatedDocument(string? MimeType, byte[] Bytes);

/// <summary>The one error of the reader: the file is not DICOM we can read, and why.</summary>
public sealed class DicomParseException(string message) : Exception(message);
