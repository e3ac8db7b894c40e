using Marten;

namespace EMage.Web.Authentication;

/// <summary>A signed-in session as the server knows it. The cookie names it; deleting it ends the session.</summary>
public sealed class WebSession
{
    public string Id { get; set; } = "";
    public Guid AccountId { get; set; }
    public DateTimeOffset SignedInAt { get; set; }
}

/// <summary>
/// Server-side sessions in PostgreSQL, so that signing out (or, later, a password change or a
/// deactivation) ends a session for real, even for a copy of its cookie.
/// </summary>
public sealed class WebSessions(IDocumentStore store)
{
    public async Task Start(WebSession session)
    {
        await using var s = store.LightweightSession();
        s.Store(session);
        await s.SaveChangesAsync();
    }

    public async Task<bool> IsOpen(string id)
    {
        await using var s = store.QuerySession();
        return await s.LoadAsync<WebSession>(id) is not null;
    }

    public async Task EndAllBut(Guid accountId, string? keep)
    {
        await using var s = store.LightweightSession();
        s.DeleteWhere<WebSession>(w => w.AccountId == accountId && w.Id != keep);
        await s.SaveChangesAsync();
    }

    public async Task End(string id)
    {
        await using var s = store.LightweightSession();
        s.Delete<WebSession>(id);
        await s.SaveChangesAsync();
    }
}
