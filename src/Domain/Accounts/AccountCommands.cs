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
/// <remarks>
/// <see cref="SecondFactor"/> is the challenge the handler prepared (hashes of its secret and of the
/// code): it is used only when the password is right and the account's role needs a second factor.
/// </remarks>
public sealed record AttemptSignIn(
    Guid AccountId,
    bool? PasswordMatched,
    string ClientAddress,
    DateTimeOffset Now,
    Actor Actor,
    (string ChallengeHash, string CodeHash)? SecondFactor = null) : AccountCommand(AccountId, Now, Actor);

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

/// <summary>E-mail a single-use link (the handler writes the e-mail to the outbox with the events).</summary>
public sealed record SendLink(Guid AccountId, LinkPurpose Purpose, string TokenHash, DateTimeOffset Now, Actor Actor)
    : AccountCommand(AccountId, Now, Actor);

/// <summary>The holder of a link sets a password with it.</summary>
public sealed record SetPasswordWithLink(Guid AccountId, string PresentedTokenHash, string NewPassword, DateTimeOffset Now, Actor Actor)
    : AccountCommand(AccountId, Now, Actor);

/// <summary>
/// The second step of a patient's sign-in. The handler hashes what was presented: the challenge's
/// secret, and the code keyed by that secret.
/// </summary>
public sealed record VerifySignInCode(
    Guid AccountId, string ChallengeHash, string CodeHash, string ClientAddress, DateTimeOffset Now, Actor Actor)
    : AccountCommand(AccountId, Now, Actor);

public sealed record ChangeNotificationPreference(Guid AccountId, OpeningNotice Openings, DateTimeOffset Now, Actor Actor)
    : AccountCommand(AccountId, Now, Actor);
