using System.Security.Cryptography;
using System.Text;
using EMage.Domain.Accounts;

namespace EMage.Projections.Accounts;

/// <summary>
/// The stream that records attempts on an e-mail that has no account. Its id is a keyed hash
/// (HMAC-SHA256) of the normalised address: stable, so lockout applies as for a real account, and
/// not reversible by someone who reads the log without the key.
/// </summary>
public sealed class UnknownEmailStreams(byte[] key)
{
    public Guid IdFor(string email)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(AccountRules.NormalizeEmail(email)));
        var bytes = mac.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version nibble 8: "custom", not a random v4 id
        return new Guid(bytes);
    }
}
