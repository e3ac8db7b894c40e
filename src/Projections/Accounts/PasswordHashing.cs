using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EMage.Projections.Accounts;

/// <summary>
/// ASP.NET Core Identity's hasher (format v3: PBKDF2-HMAC-SHA512, 128-bit salt) at the OWASP 2023
/// strength of 210,000 iterations. Old hashes at a lower count still verify and are flagged for rehash.
/// </summary>
public sealed class PasswordHashing
{
    public const int Iterations = 210_000;

    private readonly PasswordHasher<AccountLogin> _hasher =
        new(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = Iterations,
        }));

    // A hash of a random secret, checked against when the account is unknown, so that an unknown
    // e-mail costs the same time as a known one with a wrong password.
    private readonly string _decoy;

    public PasswordHashing() => _decoy = Hash(Convert.ToBase64String(Guid.NewGuid().ToByteArray()));

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(null!, hash ?? _decoy, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
