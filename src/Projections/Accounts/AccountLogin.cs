using Marten;

namespace EMage.Projections.Accounts;

/// <summary>
/// The secret half of an account: its normalised e-mail (unique) and password hash. Written in the
/// same transaction as the account's events, and deliberately not an event: a hash frozen in an
/// append-only log could never be erased or upgraded.
/// </summary>
public sealed class AccountLogin
{
    public Guid Id { get; set; }
    public string Email { get; set; } = "";
    public string? PasswordHash { get; set; }

    internal static void Configure(StoreOptions opts) =>
        opts.Schema.For<AccountLogin>().UniqueIndex(x => x.Email);
}
