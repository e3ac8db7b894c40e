namespace EMage.Domain.Accounts;

/// <summary>What the caller of a sign-in is told, read off the events the decider produced.</summary>
public abstract record SignInOutcome
{
    public sealed record Succeeded(Guid AccountId) : SignInOutcome;

    /// <summary>Wrong password, unknown e-mail, no password yet: one answer for all of them.</summary>
    public sealed record InvalidCredentials : SignInOutcome;

    public sealed record Blocked(DateTimeOffset Until) : SignInOutcome;

    /// <summary>Only given to someone who typed the right password.</summary>
    public sealed record Deactivated : SignInOutcome;

    public static SignInOutcome From(IReadOnlyList<object> events) =>
        events.OfType<AccountLockedOut>().FirstOrDefault() is { } locked ? new Blocked(locked.LockedUntil)
        : events.OfType<LoginRefusedWhileLocked>().FirstOrDefault() is { } refused ? new Blocked(refused.LockedUntil)
        : events.OfType<LoginSucceeded>().FirstOrDefault() is { } ok ? new Succeeded(ok.AccountId)
        : events.OfType<LoginFailed>().FirstOrDefault() is { Reason: LoginFailureReason.AccountDeactivated }
            ? new Deactivated()
        : new InvalidCredentials();
}
