using EMage.Domain.Common;
using EMage.Projections.Dossiers;
using EMage.Projections.Shares;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Expiry;

/// <summary>
/// Appends the expiry events that are due (rule 11: time passing is an event). Safe to run on
/// several nodes at once: each expiry goes through its decider with optimistic concurrency, and a
/// second run finds nothing left to expire.
/// </summary>
public sealed class ExpiryRunner(IDocumentStore store, DossierHandler dossiers, ShareHandler shares, TimeProvider clock)
{
    public const int BatchSize = 500;

    public async Task<int> RunDue(CancellationToken ct = default)
    {
        IReadOnlyList<ScheduledExpiry> due;
        await using (var query = store.QuerySession())
        {
            var now = clock.GetUtcNow();
            due = await query.Query<ScheduledExpiry>().Where(x => x.DueAt <= now).OrderBy(x => x.DueAt).Take(BatchSize).ToListAsync(ct);
        }

        var context = CommandContext.For(Actor.System("expiry"));
        foreach (var item in due)
        {
            if (item.Kind == ExpiryKind.BreakGlass)
            {
                await dossiers.ExpireBreakGlass(item.StreamId, item.Id, context, ct);
            }
            else
            {
                await shares.Expire(item.StreamId, context, ct);
            }
        }

        return due.Count;
    }
}
