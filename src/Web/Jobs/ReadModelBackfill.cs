using EMage.Domain.Dossiers;
using EMage.Projections.Dossiers;
using Marten;

namespace EMage.Web.Jobs;

/// <summary>
/// At start-up, brings up to date a read model that was added, or grew a field, after the database
/// was made: inline projections only see the events appended after they exist. Each is made again
/// from the events alone when its test says the database predates it; a no-op afterwards.
/// </summary>
public sealed class ReadModelBackfill(IDocumentStore store, ILogger<ReadModelBackfill> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        bool lookupMissing, historyOld;
        await using (var query = store.QuerySession())
        {
            // Published exams and no exam look-up rows: the look-up came later.
            lookupMissing = !await query.Query<ExamLookup>().AnyAsync(cancellationToken) && await query.Query<PatientExams>().AnyAsync(cancellationToken);
            // A share's use written before history rows said what they record (and named the share).
            historyOld = await query.Query<AccessHistoryEntry>()
                .AnyAsync(h => h.Basis == AccessBasis.Share && h.ActorId == null, cancellationToken);
        }

        if (lookupMissing)
        {
            log.LogInformation("Filling the exam look-up from the events (a read model this database did not have yet)");
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<ExamLookupProjection>(TimeSpan.FromMinutes(10), cancellationToken);
        }

        if (historyOld)
        {
            log.LogInformation("Rewriting the older access-history rows from their events (rows now say what they record)");
            await RewriteOldHistoryRows(cancellationToken);
        }
    }

    /// <summary>
    /// Each older row made again from its own event, in place and a page at a time: the history
    /// stays whole while it runs, unlike a rebuild that empties it first.
    /// </summary>
    private async Task RewriteOldHistoryRows(CancellationToken ct)
    {
        while (true)
        {
            await using var session = store.LightweightSession();
            var sequences = await session.Query<AccessHistoryEntry>()
                .Where(h => h.Basis == AccessBasis.Share && h.ActorId == null).Select(h => h.Sequence).Take(500).ToListAsync(ct);
            if (sequences.Count == 0)
            {
                return;
            }

            var events = await session.Events.QueryAllRawEvents().Where(e => e.Sequence.IsOneOf(sequences.ToArray())).ToListAsync(ct);
            foreach (var e in events)
            {
                if (AccessHistoryEntry.From(e) is { } row)
                {
                    session.Store(row);
                }
            }

            await session.SaveChangesAsync(ct);
            if (events.Count < sequences.Count)
            {
                // A row whose event is gone cannot be made again: leave it rather than loop on it.
                log.LogWarning("{Count} access-history rows have no event; left as they are", sequences.Count - events.Count);
                return;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
