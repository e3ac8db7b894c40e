using EMage.Projections.Dossiers;
using Marten;

namespace EMage.Projections.Establishments;

public sealed record EstablishmentExam(Guid PatientId, string FamilyName, string GivenNames, DateOnly BirthDate, PatientExam Exam);

/// <summary>What an establishment may read: its own exams, and the openings of its patients' dossiers.</summary>
public sealed class EstablishmentQueries(IDocumentStore store)
{
    public async Task<IReadOnlyList<EstablishmentExam>> Exams(Guid establishmentId, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        var dossiers = await query.LoadManyAsync<PatientExams>(ct, await PatientsOf(query, establishmentId, ct));
        return dossiers
            .SelectMany(d => d.Exams.Where(e => e.EstablishmentId == establishmentId)
                .Select(e => new EstablishmentExam(d.Id, d.FamilyName, d.GivenNames, d.BirthDate, e)))
            .OrderByDescending(x => x.Exam.PerformedAt)
            .ToList();
    }

    public async Task<IReadOnlyList<AccessHistoryEntry>> Openings(Guid establishmentId, int first, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        var patients = await PatientsOf(query, establishmentId, ct);
        if (patients.Length == 0)
        {
            return [];
        }

        return await query.Query<AccessHistoryEntry>().Where(h => patients.Contains(h.PatientId))
            .OrderByDescending(h => h.Sequence).Take(Math.Clamp(first, 1, 100)).ToListAsync(ct);
    }

    /// <summary>The patients with an exam of this establishment, through the exams' index.</summary>
    private static async Task<Guid[]> PatientsOf(IQuerySession query, Guid establishmentId, CancellationToken ct) =>
        (await query.Query<ExamLookup>().Where(x => x.EstablishmentId == establishmentId).Select(x => x.PatientId).Distinct().ToListAsync(ct)).ToArray();
}
