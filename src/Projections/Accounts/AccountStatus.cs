using EMage.Domain.Accounts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EMage.Projections.Accounts;

/// <summary>The "Account status" read model: what the settings page and `me` show.</summary>
public sealed record AccountStatus
{
    public Guid Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public AccountRole Role { get; init; }
    public Guid? PatientId { get; init; }
    public Guid? ProfessionalId { get; init; }
    public bool Active { get; init; }
    public bool HasPassword { get; init; }
    public DateTimeOffset ProvisionedAt { get; init; }
    public DateTimeOffset? LastSignInAt { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset? DeactivatedAt { get; init; }

    /// <summary>When the patient is e-mailed about a professional opening the dossier.</summary>
    public OpeningNotice OpeningNotice { get; init; } = OpeningNotice.FirstOpening;
}

/// <summary>
/// Inline, because the UI reads it right after sign-in. Streams of unknown e-mails carry the same
/// lockout events but never AccountProvisioned: they produce no document.
/// </summary>
public sealed partial class AccountStatusProjection : SingleStreamProjection<AccountStatus, Guid>
{
    public override AccountStatus? Evolve(AccountStatus? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, AccountProvisioned p) => new AccountStatus
        {
            Id = p.AccountId, Email = p.Email, DisplayName = p.DisplayName, Role = p.Role,
            PatientId = p.PatientId, ProfessionalId = p.ProfessionalId, Active = true, ProvisionedAt = p.ProvisionedAt,
        },
        (null, _) => null,
        (_, PasswordSet or PasswordChanged) => snapshot with { HasPassword = true },
        (_, LoginSucceeded s) => snapshot with { LastSignInAt = s.SucceededAt, LockedUntil = null },
        (_, AccountLockedOut l) => snapshot with { LockedUntil = l.LockedUntil },
        (_, AccountDeactivated d) => snapshot with { Active = false, DeactivatedAt = d.DeactivatedAt },
        (_, AccountReactivated) => snapshot with { Active = true, DeactivatedAt = null },
        (_, NotificationPreferenceChanged n) => snapshot with { OpeningNotice = n.Openings },
        _ => snapshot,
    };
}
