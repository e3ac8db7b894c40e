using System.Collections.Immutable;
using EMage.Domain.Establishments;
using EMage.Domain.Platform;

namespace EMage.Domain.Dossiers;

/// <summary>A professional who may open a patient's dossier, on one basis ("Professionnels" tab).</summary>
public sealed record AccessListRow(Guid ProfessionalId, AccessBasis Basis, Guid? EstablishmentId, DateTimeOffset Since, DateTimeOffset? TemporaryUntil);

public sealed record SinceEntry(Guid Id, DateTimeOffset Since);

public sealed record GrantEntry(Guid GrantId, Guid ProfessionalId, DateTimeOffset Since, DateTimeOffset ExpiresAt);

public sealed record StaffEntry(Guid ProfessionalId, StaffRole Role, DateTimeOffset Since);

/// <summary>What a patient's dossier contributes to the list: correspondents, establishments, grants.</summary>
public sealed record PatientAccessFacts(
    Guid PatientId, ImmutableList<SinceEntry> Correspondents, ImmutableList<SinceEntry> Establishments, ImmutableList<GrantEntry> Grants)
{
    public static PatientAccessFacts Empty(Guid patientId) => new(patientId, [], [], []);

    public static PatientAccessFacts Evolve(PatientAccessFacts state, object @event) => @event switch
    {
        ExamPublished e => state with
        {
            Establishments = Add(state.Establishments, e.EstablishmentId, e.PublishedAt),
            Correspondents = e.Correspondents.Aggregate(state.Correspondents, (list, p) => Add(list, p, e.PublishedAt)),
        },
        CorrespondentDeclared e => state with { Correspondents = Add(state.Correspondents, e.ProfessionalId, e.DeclaredAt) },
        BreakGlassGranted e => state with { Grants = state.Grants.Add(new GrantEntry(e.GrantId, e.ProfessionalId, e.GrantedAt, e.ExpiresAt)) },
        BreakGlassExpired e => state with { Grants = state.Grants.RemoveAll(g => g.GrantId == e.GrantId) },
        _ => state,
    };

    private static ImmutableList<SinceEntry> Add(ImmutableList<SinceEntry> list, Guid id, DateTimeOffset since) =>
        list.Exists(x => x.Id == id) ? list : list.Add(new SinceEntry(id, since));
}

/// <summary>An establishment's staff, with the date each joined: one per establishment, whatever its patients.</summary>
public sealed record EstablishmentStaffFacts(Guid EstablishmentId, ImmutableList<StaffEntry> Staff)
{
    public static EstablishmentStaffFacts Empty(Guid establishmentId) => new(establishmentId, []);

    public static EstablishmentStaffFacts Evolve(EstablishmentStaffFacts state, object @event) => @event switch
    {
        StaffAppointed e when !state.Staff.Exists(s => s.ProfessionalId == e.ProfessionalId && s.Role == e.Role) =>
            state with { Staff = state.Staff.Add(new StaffEntry(e.ProfessionalId, e.Role, e.AppointedAt)) },
        StaffRemoved e => state with { Staff = state.Staff.RemoveAll(s => s.ProfessionalId == e.ProfessionalId && s.Role == e.Role) },
        _ => state,
    };
}

/// <summary>The platform administrators, with the date each was appointed.</summary>
public sealed record PlatformAdministratorFacts(ImmutableList<SinceEntry> Administrators)
{
    public static readonly PlatformAdministratorFacts Empty = new([]);

    public static PlatformAdministratorFacts Evolve(PlatformAdministratorFacts state, object @event) => @event switch
    {
        PlatformAdministratorAppointed e when !state.Administrators.Exists(a => a.Id == e.ProfessionalId) =>
            state with { Administrators = state.Administrators.Add(new SinceEntry(e.ProfessionalId, e.AppointedAt)) },
        PlatformAdministratorRemoved e => state with { Administrators = state.Administrators.RemoveAll(a => a.Id == e.ProfessionalId) },
        _ => state,
    };
}

/// <summary>
/// Rule 3 as a list: composes the patient's facts with the staff of the establishments holding the
/// patient's exams and the platform administrators. The same function serves the live list and the
/// auditors' list AS OF a past instant (from facts folded up to that instant).
/// </summary>
public static class AccessList
{
    public static IReadOnlyList<AccessListRow> Compose(
        PatientAccessFacts patient,
        IReadOnlyCollection<EstablishmentStaffFacts> staff,
        PlatformAdministratorFacts platform,
        DateTimeOffset now)
    {
        var rows = new List<AccessListRow>();
        rows.AddRange(patient.Correspondents.Select(c => new AccessListRow(c.Id, AccessBasis.Correspondent, null, c.Since, null)));
        foreach (var establishment in patient.Establishments)
        {
            var members = staff.FirstOrDefault(s => s.EstablishmentId == establishment.Id)?.Staff ?? [];
            rows.AddRange(members.Select(m => new AccessListRow(
                m.ProfessionalId,
                m.Role == StaffRole.Radiologist ? AccessBasis.Radiologist : AccessBasis.EstablishmentAdministrator,
                establishment.Id,
                Max(m.Since, establishment.Since),
                null)));
        }

        rows.AddRange(platform.Administrators.Select(a => new AccessListRow(a.Id, AccessBasis.PlatformAdministrator, null, a.Since, null)));
        rows.AddRange(patient.Grants.Where(g => g.Since <= now && g.ExpiresAt > now)
            .Select(g => new AccessListRow(g.ProfessionalId, AccessBasis.BreakGlass, null, g.Since, g.ExpiresAt)));
        return rows.OrderBy(r => r.Basis).ThenBy(r => r.Since).ToList();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
