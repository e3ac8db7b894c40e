using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace EMage.GraphQL.Accounts;

public sealed class SignInRateLimitOptions
{
    /// <summary>Sign-in attempts allowed per client address within <see cref="Window"/>.</summary>
    public int PermitLimit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Limits sign-in attempts per client address. It runs before anything else of the attempt, so a
/// flood from one address costs neither a password hash nor a database write.
/// </summary>
public sealed class SignInRateLimiter(IOptions<SignInRateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        address => RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.Value.PermitLimit,
            Window = options.Value.Window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));

    public bool TryAcquire(string clientAddress)
    {
        using var lease = _limiter.AttemptAcquire(clientAddress);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
