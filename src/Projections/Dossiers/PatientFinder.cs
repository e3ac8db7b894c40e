using EMage.Domain.Platform;
using EMage.Domain.Professionals;
using EMage.Projections.Store;
using EMage.Projections.Professionals;
using Marten;

namespace EMage.Projections.Dossiers;

public sealed record PatientSummary(Guid PatientId, string FamilyName, string GivenNames, DateOnly BirthDate);

/// <summary>
/// A professional looks for a patient by name (and birth date): only among the dossiers the access
/// rule lets this professional open, so a search never reveals anyone else.
/// </summary>
public sealed class PatientFinder(IDocumentStore store, EventStreamWriter writer, TimeProvider clock)
{
    public const int MaxResults = 20;

    /// <summary>The matching patients, at most <see cref="MaxResults"/>; shown ones are recorded (<see cref="PatientSearchRecorded"/>).</summary>
    public async Task<IReadOnlyList<PatientSummary>> Find(Guid professionalId, string name, DateOnly? birthDate, CommandContext context,
        CancellationToken ct = default)
    {
        var words = ProfessionalDirectoryEntry.Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return [];
        }

        await using var query = store.QuerySession();
        var admins = await query.LoadAsync<PlatformAdministratorsDocument>(PlatformStaff.StreamId, ct);
        var everyone = admins?.Facts.Administrators.Exists(a => a.Id == professionalId) == true;
        var staffOf = (await query.Query<EstablishmentStaffDocument>()
                .Where(d => d.Facts.Staff.Any(s => s.ProfessionalId == professionalId)).Select(d => d.Id).ToListAsync(ct))
            .ToHashSet();
        var now = clock.GetUtcNow();
        IQueryable<PatientExams> dossiers = query.Query<PatientExams>();
        if (!everyone)
        {
            var candidates = await query.Query<PatientAccessDocument>()
                .Where(d => d.Facts.Correspondents.Any(c => c.Id == professionalId) || d.Facts.Grants.Any(g => g.ProfessionalId == professionalId)
                            || d.Facts.Establishments.Any(e => staffOf.Contains(e.Id)))
                .ToListAsync(ct);
            var allowed = candidates
                .Where(d => staffOf.Overlaps(d.Facts.Establishments.Select(e => e.Id))
                            || d.Facts.Correspondents.Exists(c => c.Id == professionalId)
                            || d.Facts.Grants.Exists(g => g.ProfessionalId == professionalId && g.ExpiresAt > now))
                .Select(d => d.Id)
                .ToArray();
            if (allowed.Length == 0)
            {
                return [];
            }

            dossiers = dossiers.Where(d => d.Id.IsOneOf(allowed));
        }

        // Only the identities, not the whole dossiers (their exams) of every patient one may open.
        var identities = await dossiers.Select(d => new { d.Id, d.FamilyName, d.GivenNames, d.BirthDate }).ToListAsync(ct);
        var found = identities
            .Where(d => birthDate is null || d.BirthDate == birthDate)
            .Where(d =>
            {
                var key = ProfessionalDirectoryEntry.Fold($"{d.FamilyName} {d.GivenNames}").Split(' ');
                return words.All(w => key.Any(k => k.StartsWith(w, StringComparison.Ordinal)));
            })
            .OrderBy(d => d.FamilyName, StringComparer.Ordinal).ThenBy(d => d.GivenNames, StringComparer.Ordinal)
            .Take(MaxResults)
            .Select(d => new PatientSummary(d.Id, d.FamilyName, d.GivenNames, d.BirthDate))
            .ToList();
        if (found.Count > 0)
        {
            await writer.Record(professionalId, [new PatientSearchRecorded(professionalId, name, birthDate, [.. found.Select(f => f.PatientId)], clock.GetUtcNow())],
                context, ct);
        }

        return found;
    }
}
