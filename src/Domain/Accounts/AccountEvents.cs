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
    WrongCode,
}

/// <summary>What a single-use link sent by e-mail lets its holder do: set the first password, or a new one.</summary>
public enum LinkPurpose
{
    Activation,
    PasswordReset,
}

/// <summary>
/// A single-use link was e-mailed (the e-mail itself is in the outbox, written in the same
/// transaction). Only the hash of the link's secret is kept.
/// </summary>
public sealed record AccountLinkSent(
    Guid AccountId,
    LinkPurpose Purpose,
    string TokenHash,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => SentAt;
}

/// <summary>
/// A password-reset request that sent nothing: unknown address, deactivated account, or too many
/// requests. Recorded in the stream the sign-in attempts of that address go to, so that a request
/// costs the same and leaves the same trace whether or not the address has an account.
/// </summary>
public sealed record PasswordResetIgnored(Guid AccountId, string Reason, DateTimeOffset IgnoredAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => IgnoredAt;
}

/// <summary>
/// The password was right: a 6-digit code was e-mailed, and the session exists only after it.
/// <see cref="ChallengeHash"/> names the challenge; <see cref="CodeHash"/> is keyed by the
/// challenge's secret, which is never stored, so the code cannot be recovered from the store.
/// </summary>
public sealed record SignInCodeSent(
    Guid AccountId,
    string ChallengeHash,
    string CodeHash,
    string ClientAddress,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => SentAt;
}

/// <summary>The e-mailed code was right; a <see cref="LoginSucceeded"/> follows.</summary>
public sealed record SignInCodeVerified(Guid AccountId, string ChallengeHash, DateTimeOffset VerifiedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => VerifiedAt;
}

/// <summary>When the patient wants an e-mail about professionals opening the dossier (break-glass is always told).</summary>
public enum OpeningNotice
{
    Off,
    FirstOpening,
    EveryOpening,
}

public sealed record NotificationPreferenceChanged(Guid AccountId, OpeningNotice Openings, DateTimeOffset ChangedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => ChangedAt;
}
