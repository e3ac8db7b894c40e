using System.Text.Json.Serialization;
using EMage.Domain.Common;

namespace EMage.Domain.Accounts;

// Account stream: one per sign-in identity. Attempts on unknown e-mails use the same lockout events
// in a stream of their own keyed by a keyed hash of the e-mail (see UnknownEmailStream), so that an
// unknown address blocks exactly like a real one and gives nothing away.
// Password hashes are never event data.

public sealed record AccountProvisioned(
    Guid AccountId,
    string Email,
    AccountRole Role,
    string DisplayName,
    Guid? PatientId,
    DateTimeOffset ProvisionedAt,
    Guid? ProfessionalId = null) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => ProvisionedAt;
}

public sealed record PasswordSet(Guid AccountId, DateTimeOffset SetAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => SetAt;
}

public sealed record LoginSucceeded(Guid AccountId, string ClientAddress, DateTimeOffset SucceededAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => SucceededAt;
}

public sealed record LoginFailed(
    Guid AccountId,
    LoginFailureReason Reason,
    int ConsecutiveFailures,
    string ClientAddress,
    DateTimeOffset FailedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => FailedAt;
}

public sealed record AccountLockedOut(Guid AccountId, DateTimeOffset LockedAt, DateTimeOffset LockedUntil) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => LockedAt;
}

public sealed record LoginRefusedWhileLocked(
    Guid AccountId,
    string ClientAddress,
    DateTimeOffset RefusedAt,
    DateTimeOffset LockedUntil) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RefusedAt;
}

public sealed record PasswordChanged(Guid AccountId, DateTimeOffset ChangedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => ChangedAt;
}

public sealed record AccountDeactivated(Guid AccountId, DateTimeOffset DeactivatedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => DeactivatedAt;
}

/// <summary>Support reactivated an account the patient had deactivated.</summary>
public sealed record AccountReactivated(Guid AccountId, DateTimeOffset ReactivatedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => ReactivatedAt;
}

public enum AccountRole
{
    Patient,
    Professional,
    PlatformAdministrator,
    Auditor,
}

public enum LoginFailureReason
{
    WrongPassword,
    UnknownAccount,
    NoPasswordSet,
    AccountDeactivated,
}
