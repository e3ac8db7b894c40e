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

    /// <summary>
    /// The latest openings, by professionals, of this establishment's exams, and of its patients'
    /// dossiers as a whole (no exam named). Not the openings of exams made elsewhere (their labels
    /// are other establishments' business), nor the patients' shares (whom they share with is theirs).
    /// </summary>
    public async Task<IReadOnlyList<AccessHistoryEntry>> Openings(Guid establishmentId, int first, string? after = null, CancellationToken ct = default)
    {
        var before = SequenceCursor.Before(AccessHistoryEntry.CursorList, after);
        await using var query = store.QuerySession();
        var exams = await query.Query<ExamLookup>().Where(x => x.EstablishmentId == establishmentId)
            .Select(x => new { x.Id, x.PatientId }).ToListAsync(ct);
        if (exams.Count == 0)
        {
            return [];
        }

        var patients = exams.Select(x => x.PatientId).Distinct().ToArray();
        Guid?[] own = [.. exams.Select(x => (Guid?)x.Id)];
        return await query.Query<AccessHistoryEntry>()
            .Where(h => patients.Contains(h.PatientId) && h.Basis != AccessBasis.Share && (h.ExamId == null || own.Contains(h.ExamId))
                        && h.Sequence < before)
            .OrderByDescending(h => h.Sequence).Take(Math.Clamp(first, 1, 100)).ToListAsync(ct);
    }
}
