using Marten;

namespace EMage.Projections.Imaging;

/// <summary>An image received for an exam: where its bytes are, and what QIDO and WADO answer about it.</summary>
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
    public string Blob { get; set; } = "";
    public long Size { get; set; }

    internal static void Configure(StoreOptions opts) =>
        opts.Schema.For<StoredInstance>().Duplicate(x => x.StudyInstanceUid).Duplicate(x => x.PatientId);
}
