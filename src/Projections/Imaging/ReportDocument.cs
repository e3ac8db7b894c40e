using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Imaging;

/// <summary>A report (compte rendu) PDF attached to an exam.</summary>
public sealed class ReportDocument
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid ExamId { get; set; }
    public Guid EstablishmentId { get; set; }
    public string FileName { get; set; } = "";
    public string Blob { get; set; } = "";
    public long Size { get; set; }
}

/// <summary>An establishment attaches the PDF report of one of its exams: checked by its magic bytes and bounded in size.</summary>
public sealed class ReportUpload(IDocumentStore store, IBlobStore blobs, EventStreamWriter writer, TimeProvider clock)
{
    public const int MaxBytes = 20 * 1024 * 1024;

    public async Task<ReportDocument> Attach(Guid establishmentId, Guid examId, byte[] pdf, CommandContext context, CancellationToken ct = default)
    {
        Check(pdf);
        PatientExams? dossier;
        await using (var query = store.QuerySession())
        {
            var found = await query.LoadAsync<ExamLookup>(examId, ct);
            dossier = found?.EstablishmentId == establishmentId ? await query.LoadAsync<PatientExams>(found.PatientId, ct) : null;
        }

        var exam = dossier?.Exam(examId) ?? throw new DomainException("EXAM_NOT_FOUND", "No such exam of this establishment.");
        var report = New(Guid.CreateVersion7(), dossier!.Id, exam, await blobs.Put(pdf, ct), pdf.Length);
        await writer.Execute(dossier.Id, Dossier.Initial, Dossier.Evolve,
            s => DossierDecider.Decide(new AttachReport(dossier.Id, examId, report.Id, clock.GetUtcNow(), context.Actor), s), context,
            (session, _, _) => session.Store(report), ct: ct);
        return report;
    }

    /// <summary>A report is a PDF (by its magic bytes), not empty and bounded in size.</summary>
    public static void Check(ReadOnlySpan<byte> pdf)
    {
        if (pdf.Length == 0 || pdf.Length > MaxBytes)
        {
            throw new DomainException("BAD_REPORT_SIZE", $"A report is a PDF of at most {MaxBytes / 1024 / 1024} MiB.");
        }

        if (!pdf.StartsWith("%PDF-"u8))
        {
            throw new DomainException("NOT_A_PDF", "A report must be a PDF file.");
        }
    }

    internal static ReportDocument New(Guid id, Guid patientId, PatientExam exam, string blob, long size) => new()
    {
        Id = id, PatientId = patientId, ExamId = exam.ExamId, EstablishmentId = exam.EstablishmentId,
        FileName = $"compte-rendu-{exam.PerformedAt:yyyy-MM-dd}.pdf", Blob = blob, Size = size,
    };
}
