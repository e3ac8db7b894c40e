using EMage.Domain.Dossiers;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EMage.Projections.Dossiers;

/// <summary>
/// One row per published exam, to find it with an index whatever the number of dossiers: by id (a
/// report upload), by its establishment's study instance UID or accession number (STOW-RS), or all
/// of an establishment's (its own exams). The dossier itself stays in <see cref="PatientExams"/>.
/// </summary>
public sealed class ExamLookup
{
    /// <summary>The exam's id.</summary>
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid EstablishmentId { get; set; }
    public string StudyInstanceUid { get; set; } = "";
    public string AccessionNumber { get; set; } = "";

    /// <summary>The publication's event sequence: orders and pages an establishment's exams, newest first.</summary>
    public long Sequence { get; set; }

    internal static void Configure(StoreOptions opts) =>
        opts.Schema.For<ExamLookup>().Duplicate(x => x.StudyInstanceUid).Duplicate(x => x.AccessionNumber)
            .Index([x => x.EstablishmentId, x => x.Sequence], index => index.Name = "mt_doc_examlookup_idx_establishment_sequence");

    /// <summary>
    /// The establishment's exam with this study instance UID or, failing that, this accession number
    /// (an empty accession number matches nothing).
    /// </summary>
    public static async Task<ExamLookup?> Find(IQuerySession query, Guid establishmentId, string study, string? accession, CancellationToken ct)
    {
        var matches = accession is { Length: > 0 } acc
            ? await query.Query<ExamLookup>().Where(x => x.EstablishmentId == establishmentId && (x.StudyInstanceUid == study || x.AccessionNumber == acc)).ToListAsync(ct)
            : await query.Query<ExamLookup>().Where(x => x.EstablishmentId == establishmentId && x.StudyInstanceUid == study).ToListAsync(ct);
        return matches.FirstOrDefault(m => m.StudyInstanceUid == study) ?? matches.OrderBy(m => m.Id).FirstOrDefault();
    }
}

/// <summary>Inline: an exam can receive images and its report as soon as it is published.</summary>
public sealed partial class ExamLookupProjection : EventProjection
{
    public ExamLookupProjection()
    {
        IncludeType<ExamPublished>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is ExamPublished p)
        {
            operations.Store(new ExamLookup
            {
                Id = p.ExamId, PatientId = p.PatientId, EstablishmentId = p.EstablishmentId,
                StudyInstanceUid = p.StudyInstanceUid, AccessionNumber = p.AccessionNumber, Sequence = e.Sequence,
            });
        }

        return ValueTask.CompletedTask;
    }
}
