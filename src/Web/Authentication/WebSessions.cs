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

    /// <summary>
    /// Whether the session is open, and the status of its account, in one round trip (a batch): every
    /// signed-in request needs both, the first to be let in, the second to know who it is.
    /// </summary>
    public async Task<(bool Open, EMage.Projections.Accounts.AccountStatus? Account)> OpenWithAccount(string id, Guid accountId, CancellationToken ct)
    {
        await using var s = store.QuerySession();
        var batch = s.CreateBatchQuery();
        var session = batch.Load<WebSession>(id);
        var account = batch.Load<EMage.Projections.Accounts.AccountStatus>(accountId);
        await batch.Execute(ct);
        var open = await session;
        return (open is not null && open.AccountId == accountId, await account);
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
