using EMage.Domain.Common;

namespace EMage.Domain.Accounts;

/// <summary>The rules of sign-in (the seed's "3 tentatives max. avant blocage de 5 min").</summary>
public static class AccountRules
{
    public const int MaxConsecutiveFailures = 3;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    /// <summary>The e-mailed sign-in code: 6 digits, 10 minutes, single use, 5 tries.</summary>
    public static readonly TimeSpan SignInCodeValidity = TimeSpan.FromMinutes(10);
    public const int MaxCodeTries = 5;

    public const int MaxLinksPerWindow = 3;
    public static readonly TimeSpan LinkThrottleWindow = TimeSpan.FromHours(1);

    /// <summary>An activation link works 7 days; a password-reset link one hour.</summary>
    public static TimeSpan LinkValidity(LinkPurpose purpose) =>
        purpose == LinkPurpose.Activation ? TimeSpan.FromDays(7) : TimeSpan.FromHours(1);

    /// <summary>French rules for patient access to health data: patients sign in with a second factor.</summary>
    public static bool NeedsSecondFactor(AccountRole role) => role == AccountRole.Patient;

    public static DomainException LinkInvalid() =>
        new("LINK_INVALID", "This link is not valid. Ask for a new one.");

    public static DomainException CodeExpired() =>
        new("CODE_EXPIRED", "This code is no longer valid. Sign in again to receive a new one.");

    public static bool SameHash(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));

    /// <summary>A blocked account is refused without looking at the password.</summary>
    public static bool MustCheckPassword(Account state, DateTimeOffset now) => !state.IsLockedAt(now);

    public static string NormalizeEmail(string email) => email.Trim().Normalize().ToLowerInvariant();

    /// <summary>Rule 8: at least 12 characters, or at least 8 with three character classes.</summary>
    public static void EnsurePasswordPolicy(string password)
    {
        var classes = 0;
        if (password.Any(char.IsLower)) classes++;
        if (password.Any(char.IsUpper)) classes++;
        if (password.Any(char.IsDigit)) classes++;
        if (password.Any(c => !char.IsLetterOrDigit(c))) classes++;
        var ok = password.Length >= 12 || (password.Length >= 8 && classes >= 3);
        if (!ok || password.Length > 256)
        {
            throw new DomainException(
                "PASSWORD_POLICY",
                "The password needs at least 12 characters, or at least 8 with three kinds of characters "
                + "(lower case, upper case, digits, symbols), and at most 256.");
        }
    }

    public static void EnsureEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (email.Length > 254 || at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1
            || email.Any(char.IsWhiteSpace))
        {
            throw new DomainException("INVALID_EMAIL", "The e-mail address is not valid.");
        }
    }
}
