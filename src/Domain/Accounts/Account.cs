namespace EMage.Domain.Accounts;

/// <summary>A single-use link as the account stream knows it. <see cref="Spent"/> once any password is set after it.</summary>
public sealed record IssuedLink(LinkPurpose Purpose, string TokenHash, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, bool Spent);

/// <summary>The pending second-factor challenge of a sign-in (one at a time: a new one replaces it).</summary>
public sealed record SignInChallenge(string ChallengeHash, string CodeHash, DateTimeOffset ExpiresAt, int WrongCodes, bool Done);

/// <summary>
/// The write-side state of an account stream (or of an unknown e-mail's attempts stream, which
/// never sees <see cref="AccountProvisioned"/>). Folded from events by <see cref="Evolve"/>.
/// </summary>
public sealed record Account(
    Guid Id,
    bool Exists,
    string Email,
    AccountRole Role,
    bool HasPassword,
    bool Active,
    int ConsecutiveFailures,
    DateTimeOffset? LockedUntil)
{
    public static readonly Account Initial =
        new(Guid.Empty, false, "", AccountRole.Patient, false, false, 0, null);

    public IReadOnlyList<IssuedLink> Links { get; init; } = [];

    public SignInChallenge? Challenge { get; init; }

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public static Account Evolve(Account state, object @event) => @event switch
    {
        AccountProvisioned e => state with
        {
            Id = e.AccountId, Exists = true, Email = e.Email, Role = e.Role, Active = true,
        },
        // Any new password spends every link sent before it.
        PasswordSet or PasswordChanged => state with
        {
            HasPassword = true, Links = [.. state.Links.Select(l => l with { Spent = true })],
        },
        AccountLinkSent e => state with
        {
            Links = [.. state.Links, new IssuedLink(e.Purpose, e.TokenHash, e.SentAt, e.ExpiresAt, false)],
        },
        SignInCodeSent e => state with { Challenge = new SignInChallenge(e.ChallengeHash, e.CodeHash, e.ExpiresAt, 0, false) },
        SignInCodeVerified => state with { Challenge = state.Challenge! with { Done = true } },
        LoginSucceeded => state with { ConsecutiveFailures = 0, LockedUntil = null },
        LoginFailed e => state with
        {
            Id = e.AccountId,
            ConsecutiveFailures = e.ConsecutiveFailures,
            Challenge = e.Reason == LoginFailureReason.WrongCode && state.Challenge is { } c
                ? c with { WrongCodes = c.WrongCodes + 1 }
                : state.Challenge,
        },
        AccountLockedOut e => state with { ConsecutiveFailures = 0, LockedUntil = e.LockedUntil },
        AccountDeactivated => state with { Active = false },
        AccountReactivated => state with { Active = true },
        _ => state,
    };

    public static Account Fold(IEnumerable<object> events) => events.Aggregate(Initial, Evolve);
}
