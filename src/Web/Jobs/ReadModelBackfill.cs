using EMage.Domain.Dossiers;
using EMage.Projections.Dossiers;
using Marten;

namespace EMage.Web.Jobs;

/// <summary>
/// At start-up, brings up to date a read model that was added, or grew a field, after the database
/// was made: inline projections only see the events appended after they exist. Each is rebuilt from
/// the events alone when its test says the database predates it; a no-op afterwards.
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

        if (!lookupMissing && !historyOld)
        {
            return;
        }

        using var daemon = await store.BuildProjectionDaemonAsync();
        if (lookupMissing)
        {
            log.LogInformation("Filling the exam look-up from the events (a read model this database did not have yet)");
            await daemon.RebuildProjectionAsync<ExamLookupProjection>(TimeSpan.FromMinutes(10), cancellationToken);
        }

        if (historyOld)
        {
            log.LogInformation("Rebuilding the access history from the events (its rows now say what they record)");
            await daemon.RebuildProjectionAsync<AccessHistoryProjection>(TimeSpan.FromMinutes(10), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
