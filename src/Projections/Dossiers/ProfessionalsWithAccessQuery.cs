using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;
using EMage.Domain.Platform;
using EMage.Projections.Professionals;
using Marten;

namespace EMage.Projections.Dossiers;

/// <summary>A row of the "Professionnels" tab.</summary>
public sealed record ProfessionalWithAccess(
    Guid ProfessionalId,
    string FamilyName,
    string GivenName,
    string Rpps,
    string Profession,
    string Specialty,
    AccessBasis Basis,
    Guid? EstablishmentId,
    string Institution,
    DateTimeOffset AuthorisedSince,
    DateTimeOffset? TemporaryUntil)
{
    public bool Temporary => TemporaryUntil is not null;
}

/// <summary>
/// ProfessionalsWithAccess: composed at read time from the patient's facts, the staff documents of
/// the establishments holding the patient's exams and the platform administrators, so that a staff
/// change is one document write whatever the number of patients. AS OF an instant, the same facts
/// are folded from the events up to that instant.
/// </summary>
public sealed class ProfessionalsWithAccessQuery(IDocumentStore store, TimeProvider clock)
{
    public const string PlatformInstitution = "e-mage";

    public async Task<IReadOnlyList<ProfessionalWithAccess>> Live(Guid patientId, string? search = null, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        var patient = await query.LoadAsync<PatientAccessDocument>(patientId, ct);
        if (patient is null)
        {
            return [];
        }

        var staff = await query.LoadManyAsync<EstablishmentStaffDocument>(ct, patient.Facts.Establishments.Select(e => e.Id));
        var admins = await query.LoadAsync<PlatformAdministratorsDocument>(PlatformStaff.StreamId, ct);
        var rows = AccessList.Compose(patient.Facts, staff.Select(s => s.Facts).ToList(),
            admins?.Facts ?? PlatformAdministratorFacts.Empty, clock.GetUtcNow());
        return await Describe(query, rows, staff.ToDictionary(s => s.Id, s => s.Name), search, ct);
    }

    public async Task<IReadOnlyList<ProfessionalWithAccess>> AsOf(Guid patientId, DateTimeOffset at, string? search = null, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        var patient = await Replay(query, patientId, at, PatientAccessFacts.Empty(patientId), PatientAccessFacts.Evolve, ct);
        var staff = new List<EstablishmentStaffFacts>();
        var names = new Dictionary<Guid, string>();
        foreach (var establishment in patient.Facts.Establishments)
        {
            var folded = await Replay(query, establishment.Id, at, EstablishmentStaffFacts.Empty(establishment.Id), EstablishmentStaffFacts.Evolve, ct);
            staff.Add(folded.Facts);
            names[establishment.Id] = folded.Events.OfType<EstablishmentRegistered>().FirstOrDefault()?.Name ?? "";
        }

        var admins = await Replay(query, PlatformStaff.StreamId, at, PlatformAdministratorFacts.Empty, PlatformAdministratorFacts.Evolve, ct);
        var rows = AccessList.Compose(patient.Facts, staff, admins.Facts, at);
        return await Describe(query, rows, names, search, ct);
    }

    /// <summary>Folds a stream's events that happened at or before <paramref name="at"/> (domain time).</summary>
    internal static async Task<(T Facts, IReadOnlyList<object> Events)> Replay<T>(
        IQuerySession query, Guid streamId, DateTimeOffset at, T initial, Func<T, object, T> evolve, CancellationToken ct)
    {
        var events = (await query.Events.FetchStreamAsync(streamId, token: ct))
            .Select(e => e.Data)
            .Where(e => e is IDomainEvent d && d.OccurredAt <= at)
            .ToList();
        return (events.Aggregate(initial, evolve), events);
    }

    private static async Task<IReadOnlyList<ProfessionalWithAccess>> Describe(
        IQuerySession query, IReadOnlyList<AccessListRow> rows, IReadOnlyDictionary<Guid, string> establishments, string? search, CancellationToken ct)
    {
        var people = (await query.LoadManyAsync<ProfessionalDirectoryEntry>(ct, rows.Select(r => r.ProfessionalId).Distinct()))
            .ToDictionary(p => p.Id);
        return rows
            .Where(r => people.TryGetValue(r.ProfessionalId, out var p) && p.Matches(search))
            .Select(r =>
            {
                var p = people[r.ProfessionalId];
                var institution = r.EstablishmentId is { } e ? establishments.GetValueOrDefault(e, "") : PlatformInstitution;
                return new ProfessionalWithAccess(p.Id, p.FamilyName, p.GivenName, p.Rpps, p.Profession, p.Specialty, r.Basis,
                    r.EstablishmentId, institution, r.Since, r.TemporaryUntil);
            })
            .ToList();
    }
}
