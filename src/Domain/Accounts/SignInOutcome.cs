namespace EMage.Domain.Accounts;

/// <summary>What the caller of a sign-in is told, read off the events the decider produced.</summary>
public abstract record SignInOutcome
{
    public sealed record Succeeded(Guid AccountId) : SignInOutcome;

    /// <summary>Wrong password, unknown e-mail, no password yet: one answer for all of them.</summary>
    public sealed record InvalidCredentials : SignInOutcome;

    public sealed record Blocked(DateTimeOffset Until) : SignInOutcome;

    /// <summary>The password was right; a code was e-mailed. <see cref="Challenge"/> is filled in by the handler.</summary>
    public sealed record CodeSent(string Challenge, DateTimeOffset ExpiresAt) : SignInOutcome;

    /// <summary>A wrong code; <see cref="TriesLeft"/> for this code (the account blocks sooner after 3 failures in a row).</summary>
    public sealed record InvalidCode(int TriesLeft) : SignInOutcome;

    /// <summary>Only given to someone who typed the right password.</summary>
    public sealed record Deactivated : SignInOutcome;

    public static SignInOutcome From(IReadOnlyList<object> events) =>
        events.OfType<AccountLockedOut>().FirstOrDefault() is { } locked ? new Blocked(locked.LockedUntil)
        : events.OfType<LoginRefusedWhileLocked>().FirstOrDefault() is { } refused ? new Blocked(refused.LockedUntil)
        : events.OfType<LoginSucceeded>().FirstOrDefault() is { } ok ? new Succeeded(ok.AccountId)
        : events.OfType<SignInCodeSent>().FirstOrDefault() is { } sent ? new CodeSent("", sent.ExpiresAt)
        : events.OfType<LoginFailed>().FirstOrDefault() is { Reason: LoginFailureReason.WrongCode } ? new InvalidCode(0)
        : events.OfType<LoginFailed>().FirstOrDefault() is { Reason: LoginFailureReason.AccountDeactivated }
            ? new Deactivated()
        : new InvalidCredentials();
}
