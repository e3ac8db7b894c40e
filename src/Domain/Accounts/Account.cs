namespace EMage.Domain.Accounts;

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

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public static Account Evolve(Account state, object @event) => @event switch
    {
        AccountProvisioned e => state with
        {
            Id = e.AccountId, Exists = true, Email = e.Email, Role = e.Role, Active = true,
        },
        PasswordSet or PasswordChanged => state with { HasPassword = true },
        LoginSucceeded => state with { ConsecutiveFailures = 0, LockedUntil = null },
        LoginFailed e => state with { Id = e.AccountId, ConsecutiveFailures = e.ConsecutiveFailures },
        AccountLockedOut e => state with { ConsecutiveFailures = 0, LockedUntil = e.LockedUntil },
        AccountDeactivated => state with { Active = false },
        AccountReactivated => state with { Active = true },
        _ => state,
    };

    public static Account Fold(IEnumerable<object> events) => events.Aggregate(Initial, Evolve);
}
