using System.Security.Cryptography;
using EMage.GraphQL.Schema;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EMage.Web.Authentication;

/// <summary>Server-side cookie sessions in PostgreSQL. Every sign-in gets a fresh random session id.</summary>
public sealed class MartenTicketStore(IDocumentStore store, TimeProvider clock) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        await Save(id, ticket);
        return id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => Save(key, ticket);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var session = store.QuerySession();
        var stored = await session.LoadAsync<WebSessionTicket>(key);
        if (stored is null || stored.ExpiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        return TicketSerializer.Default.Deserialize(stored.Ticket);
    }

    public async Task RemoveAsync(string key)
    {
        await using var session = store.LightweightSession();
        session.Delete<WebSessionTicket>(key);
        await session.SaveChangesAsync();
    }

    private async Task Save(string key, AuthenticationTicket ticket)
    {
        var accountId = Guid.Parse(ticket.Principal.FindFirst(EmageUserContext.AccountIdClaim)!.Value);
        await using var session = store.LightweightSession();
        session.Store(new WebSessionTicket
        {
            Id = key,
            AccountId = accountId,
            Ticket = TicketSerializer.Default.Serialize(ticket),
            SignedInAt = CookieSessions.SignedInAt(ticket.Properties) ?? clock.GetUtcNow(),
            ExpiresAt = ticket.Properties.ExpiresUtc,
        });
        await session.SaveChangesAsync();
    }
}
