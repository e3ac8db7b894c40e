using EMage.Domain.Common;

namespace EMage.Domain.Accounts;

public abstract record AccountCommand(Guid AccountId, DateTimeOffset Now, Actor Actor);

public sealed record ProvisionAccount(
    Guid AccountId,
    string Email,
    AccountRole Role,
    string DisplayName,
    Guid? PatientId,
    DateTimeOffset Now,
    Actor Actor,
    Guid? ProfessionalId = null) : AccountCommand(AccountId, Now, Actor);

/// <summary>Records that a password was set; the hash itself is stored beside the event, never in it.</summary>
public sealed record SetPassword(Guid AccountId, string NewPassword, DateTimeOffset Now, Actor Actor)
    : AccountCommand(AccountId, Now, Actor);

/// <summary>
/// One sign-in attempt. <see cref="PasswordMatched"/> is null when the password was not checked,
/// which the handler does only when <see cref="AccountRules.MustCheckPassword"/> says so.
/// </summary>
public sealed record AttemptSignIn(
    Guid AccountId,
    bool? PasswordMatched,
    string ClientAddress,
    DateTimeOffset Now,
    Actor Actor) : AccountCommand(AccountId, Now, Actor);

public sealed record ChangePassword(
    Guid AccountId,
    bool CurrentPasswordMatched,
    string NewPassword,
    DateTimeOffset Now,
    Actor Actor) : AccountCommand(AccountId, Now, Actor);

public sealed record DeactivateAccount(Guid AccountId, DateTimeOffset Now, Actor Actor)
    : AccountCommand(AccountId, Now, Actor);

/// <summary>Support gives a deactivated account back to its patient.</summary>
public sealed record ReactivateAccount(Guid AccountId, DateTimeOffset Now, Actor Actor)
    : AccountCommand(AccountId, Now, Actor);
