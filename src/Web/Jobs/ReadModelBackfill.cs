using EMage.Projections.Dossiers;
using Marten;

namespace EMage.Web.Jobs;

/// <summary>
/// At start-up, fills a read model that was added after the database was: inline projections only
/// see the events appended after they exist, so an older database has published exams and no
/// <see cref="ExamLookup"/> rows. Rebuilt from the events alone, once; a no-op afterwards.
/// </summary>
public sealed class ReadModelBackfill(IDocumentStore store, ILogger<ReadModelBackfill> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var query = store.QuerySession())
        {
            if (await query.Query<ExamLookup>().AnyAsync(cancellationToken) || !await query.Query<PatientExams>().AnyAsync(cancellationToken))
            {
                return;
            }
        }

        log.LogInformation("Filling the exam look-up from the events (a read model this database did not have yet)");
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<ExamLookupProjection>(TimeSpan.FromMinutes(10), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
