using EMage.Domain.Dossiers;
using EMage.Domain.Common;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Establishments;

public sealed record EstablishmentExam(Guid PatientId, string FamilyName, string GivenNames, DateOnly BirthDate, PatientExam Exam);

public sealed record EstablishmentExamPage(IReadOnlyList<EstablishmentExam> Exams, string? EndCursor, bool HasNextPage);

/// <summary>What an establishment may read: its own exams, and the openings of its patients' dossiers.</summary>
public sealed class EstablishmentQueries(IDocumentStore store)
{
    public const int MaxPageSize = 500;

    /// <summary>A page of the establishment's exams, most recently published first, by an opaque cursor.</summary>
    public async Task<EstablishmentExamPage> Exams(Guid establishmentId, int first, string? after = null, CancellationToken ct = default)
    {
        if (first is < 1 or > MaxPageSize)
        {
            throw new DomainException("BAD_PAGE_SIZE", $"A page holds 1 to {MaxPageSize} exams.");
        }

        var before = SequenceCursor.Before('x', after);
        await using var query = store.QuerySession();
        var rows = await query.Query<ExamLookup>()
            .Where(x => x.EstablishmentId == establishmentId && x.Sequence < before)
            .OrderByDescending(x => x.Sequence)
            .Take(first + 1)
            .ToListAsync(ct);
        var page = rows.Take(first).ToList();
        var dossiers = (await query.LoadManyAsync<PatientExams>(ct, page.Select(x => x.PatientId).Distinct())).ToDictionary(d => d.Id);
        var exams = page
            .Select(x => dossiers.GetValueOrDefault(x.PatientId) is { } d && d.Exam(x.Id) is { } exam
                ? new EstablishmentExam(d.Id, d.FamilyName, d.GivenNames, d.BirthDate, exam)
                : null)
            .OfType<EstablishmentExam>()
            .ToList();
        return new EstablishmentExamPage(exams, page.Count == 0 ? null : SequenceCursor.Encode('x', page[^1].Sequence), rows.Count > first);
    }

    /// <summary>The latest openings of the dossiers of this establishment's patients, by professionals.</summary>
    public async Task<IReadOnlyList<AccessHistoryEntry>> Openings(Guid establishmentId, int first, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        var patients = await PatientsOf(query, establishmentId, ct);
        if (patients.Length == 0)
        {
            return [];
        }

        // Professionals' openings only: whom a patient shares an exam with is the patient's affair.
        return await query.Query<AccessHistoryEntry>().Where(h => patients.Contains(h.PatientId) && h.Basis != AccessBasis.Share)
            .OrderByDescending(h => h.Sequence).Take(Math.Clamp(first, 1, 100)).ToListAsync(ct);
    }

    /// <summary>The patients with an exam of this establishment, through the exams' index.</summary>
    private static async Task<Guid[]> PatientsOf(IQuerySession query, Guid establishmentId, CancellationToken ct) =>
        (await query.Query<ExamLookup>().Where(x => x.EstablishmentId == establishmentId).Select(x => x.PatientId).Distinct().ToListAsync(ct)).ToArray();
}
