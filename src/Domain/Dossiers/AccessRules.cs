using EMage.Domain.Establishments;

namespace EMage.Domain.Dossiers;

public sealed record StaffMembership(Guid EstablishmentId, Guid ProfessionalId, StaffRole Role);

/// <summary>
/// What the access decision needs from outside the dossier: the platform's administrators and the
/// staff of the establishments holding the patient's exams.
/// </summary>
public sealed record AccessFacts(IReadOnlySet<Guid> PlatformAdministrators, IReadOnlyCollection<StaffMembership> Staff);

public sealed record AccessGrant(AccessBasis Basis, Guid? EstablishmentId);

/// <summary>Rule 3 and 4: who may open a patient's dossier, and on which basis.</summary>
public static class AccessRules
{
    /// <summary>The first basis that holds, in the order of the rule; null when none does.</summary>
    public static AccessGrant? BasisFor(Dossier dossier, Guid professionalId, AccessFacts facts, DateTimeOffset now)
    {
        if (!dossier.Exists)
        {
            return null;
        }

        if (dossier.Exams.Values.FirstOrDefault(e => e.Correspondents.Contains(professionalId)) is { } exam)
        {
            return new AccessGrant(AccessBasis.Correspondent, exam.EstablishmentId);
        }

        var establishments = dossier.Establishments.ToHashSet();
        foreach (var role in (StaffRole[])[StaffRole.Radiologist, StaffRole.EstablishmentAdministrator])
        {
            if (facts.Staff.FirstOrDefault(s => s.ProfessionalId == professionalId && s.Role == role
                                                && establishments.Contains(s.EstablishmentId)) is { } member)
            {
                return new AccessGrant(role == StaffRole.Radiologist ? AccessBasis.Radiologist : AccessBasis.EstablishmentAdministrator,
                    member.EstablishmentId);
            }
        }

        if (facts.PlatformAdministrators.Contains(professionalId))
        {
            return new AccessGrant(AccessBasis.PlatformAdministrator, null);
        }

        return dossier.ActiveGrants.Values.Any(g => g.ProfessionalId == professionalId && g.ExpiresAt > now)
            ? new AccessGrant(AccessBasis.BreakGlass, null)
            : null;
    }
}
