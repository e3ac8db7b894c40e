using Marten;

namespace EMage.Projections.Imaging;

/// <summary>
/// An image received for an exam: where its bytes are, and what QIDO and WADO answer about it (the
/// study's and series' attributes as the instance's own header gives them).
/// </summary>
public sealed class StoredInstance
{
    /// <summary>The SOP Instance UID.</summary>
    public string Id { get; set; } = "";
    public Guid PatientId { get; set; }
    public Guid ExamId { get; set; }
    public Guid EstablishmentId { get; set; }
    public string StudyInstanceUid { get; set; } = "";
    public string SeriesInstanceUid { get; set; } = "";
    public string SopClassUid { get; set; } = "";
    public string? TransferSyntaxUid { get; set; }
    public string? Modality { get; set; }
    public int? InstanceNumber { get; set; }
    public int? Rows { get; set; }
    public int? Columns { get; set; }
    public int? NumberOfFrames { get; set; }
    /// <summary>The patient's ID at the establishment (0010,0020), as the file says.</summary>
    public string? LocalPatientId { get; set; }
    public string? PatientName { get; set; }

    /// <summary>The name as QIDO-RS matches it: folded (no case, no accents), components as they are.</summary>
    public string? PatientNameSearch => PatientName is null ? null : EMage.Domain.Common.TextFolding.Fold(PatientName);
    public string? PatientBirthDate { get; set; }
    public string? PatientSex { get; set; }
    public string? StudyDate { get; set; }
    public string? StudyTime { get; set; }
    public string? StudyId { get; set; }
    public string? StudyDescription { get; set; }
    public string? AccessionNumber { get; set; }
    public int? SeriesNumber { get; set; }
    public string? SeriesDescription { get; set; }
    public string Blob { get; set; } = "";
    public long Size { get; set; }

    /// <summary>
    /// Which version of <see cref="Describe"/> filled the header fields: 0 for documents written
    /// before it was recorded. Instances below <see cref="CurrentIndexVersion"/> are described again
    /// from their stored file (see the instance re-index job), so a field added later is there for
    /// the instances received earlier too. Bump it with every field added to <see cref="Describe"/>.
    /// </summary>
    public int IndexVersion { get; set; }

    public const int CurrentIndexVersion = 1;

    /// <summary>The attributes QIDO-RS and WADO-RS answer with, as the instance's own header gives them.</summary>
    public void Describe(EMage.Imaging.DicomIndex index)
    {
        TransferSyntaxUid = index.TransferSyntaxUid;
        Modality = index.Modality;
        InstanceNumber = index.InstanceNumber;
        Rows = index.Rows;
        Columns = index.Columns;
        NumberOfFrames = index.NumberOfFrames;
        LocalPatientId = index.PatientId;
        PatientName = index.PatientName;
        PatientBirthDate = index.PatientBirthDate;
        PatientSex = index.PatientSex;
        StudyDate = index.StudyDate;
        StudyTime = index.StudyTime;
        StudyId = index.StudyId;
        StudyDescription = index.StudyDescription;
        AccessionNumber = index.AccessionNumber;
        SeriesNumber = index.SeriesNumber;
        SeriesDescription = index.SeriesDescription;
        IndexVersion = CurrentIndexVersion;
    }

    internal static void Configure(StoreOptions opts) =>
        opts.Schema.For<StoredInstance>().Duplicate(x => x.StudyInstanceUid).Duplicate(x => x.SeriesInstanceUid)
            .Duplicate(x => x.PatientId).Duplicate(x => x.EstablishmentId);
}
