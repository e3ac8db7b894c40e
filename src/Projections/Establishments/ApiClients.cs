using System.Security.Cryptography;
using System.Text;
using EMage.Domain.Establishments;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Establishments;

/// <summary>An establishment's machine credential. Only the SHA-256 of its 256-bit secret is kept.</summary>
public sealed class ApiClientCredential
{
    public string Id { get; set; } = "";
    public Guid EstablishmentId { get; set; }
    public string SecretHash { get; set; } = "";
    public bool Revoked { get; set; }
}

public sealed record IssuedApiClient(string ClientId, string Secret)
{
    /// <summary>What the client presents: <c>Authorization: Bearer {ClientId}.{Secret}</c>.</summary>
    public string BearerToken => $"{ClientId}.{Secret}";
}

public sealed class ApiClients(IDocumentStore store, EventStreamWriter writer, TimeProvider clock)
{
    /// <summary>Issues a client id and secret; the secret is shown once, here, and never again.</summary>
    public async Task<IssuedApiClient> Register(Guid establishmentId, CommandContext context, CancellationToken ct = default)
    {
        var clientId = "est_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        var secret = Secrets.NewToken();
        await writer.Execute(establishmentId, Establishment.Initial, Establishment.Evolve,
            s => EstablishmentDecider.Decide(new RegisterApiClient(establishmentId, clientId, clock.GetUtcNow(), context.Actor), s), context,
            (session, _, _) => session.Store(new ApiClientCredential { Id = clientId, EstablishmentId = establishmentId, SecretHash = Secrets.Hash(secret) }),
            ct: ct);
        return new IssuedApiClient(clientId, secret);
    }

    public async Task Revoke(Guid establishmentId, string clientId, CommandContext context, CancellationToken ct = default)
    {
        ApiClientCredential? credential;
        await using (var query = store.QuerySession())
        {
            credential = await query.LoadAsync<ApiClientCredential>(clientId, ct);
        }

        if (credential is null || credential.EstablishmentId != establishmentId)
        {
            return;
        }

        await writer.Execute(establishmentId, Establishment.Initial, Establishment.Evolve,
            s => EstablishmentDecider.Decide(new RevokeApiClient(establishmentId, clientId, clock.GetUtcNow(), context.Actor), s), context,
            (session, _, events) =>
            {
                if (events.Count > 0)
                {
                    credential.Revoked = true;
                    session.Store(credential);
                }
            }, ct: ct);
    }

    /// <summary>The establishment a bearer token stands for, or null; the same work whether or not the client exists.</summary>
    public async Task<Guid?> Authenticate(string token, CancellationToken ct = default)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length > 200)
        {
            return null;
        }

        await using var query = store.QuerySession();
        var credential = await query.LoadAsync<ApiClientCredential>(token[..dot], ct);
        var presented = Encoding.ASCII.GetBytes(Secrets.Hash(token[(dot + 1)..]));
        var expected = Encoding.ASCII.GetBytes(credential?.SecretHash ?? new string('0', 64));
        var match = CryptographicOperations.FixedTimeEquals(presented, expected);
        return match && credential is { Revoked: false } ? credential.EstablishmentId : null;
    }

}
