using System.Security.Cryptography;
using System.Text;

namespace EMage.Projections.Store;

/// <summary>High-entropy secrets (share links, API clients) and the hash kept of them instead.</summary>
public static class Secrets
{
    /// <summary>256 random bits, URL-safe base64.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 suffices for a 256-bit random secret (a password would need a slow hash).</summary>
    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant();
}
