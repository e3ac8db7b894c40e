using EMage.Projections.Dossiers;
using Marten;

namespace EMage.Projections.Establishments;

public sealed record DirectoryRow(EstablishmentDirectoryEntry Establishment, bool HoldsMyExams);

/// <summary>The "Établissements" page: every establishment, marking those holding the patient's exams (rule 10).</summary>
public sealed class EstablishmentDirectoryQuery(IDocumentStore store)
{
    public async Task<IReadOnlyList<DirectoryRow>> ForPatient(Guid patientId, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        var all = await query.Query<EstablishmentDirectoryEntry>().OrderBy(e => e.Name).ToListAsync(ct);
        var mine = (await query.LoadAsync<PatientExams>(patientId, ct))?.Exams.Select(e => e.EstablishmentId).ToHashSet() ?? [];
        return all.Select(e => new DirectoryRow(e, mine.Contains(e.Id))).ToList();
    }
}
