using EMage.Domain.Dossiers;
using EMage.Domain.Shares;
using EMage.Projections.Dossiers;
using Marten;

namespace EMage.Web.Tests.Jobs;

/// <summary>A database whose history rows predate the row's action: the first start makes those rows again from their events.</summary>
public class AccessHistoryBackfillTests(EmageApp app) : IClassFixture<EmageApp>
{
    [Fact]
    public async Task ANodeStartingOnADatabaseWithOlderHistoryRows_RewritesThem_SayingWhatEachRecords()
    {
        var patient = Guid.NewGuid();
        var share = Guid.NewGuid();
        var exam = Guid.NewGuid();
        var used = app.Clock.GetUtcNow();
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream(share, new ShareUsed(share, patient, exam, "Scanner thoracique", "proche@example.fr", used));
            await session.SaveChangesAsync();
        }

        // What an older version wrote for that use: no action (the enum's default) and no actor id.
        await using (var session = app.Store.LightweightSession())
        {
            var row = Assert.Single(await session.Query<AccessHistoryEntry>().Where(h => h.PatientId == patient).ToListAsync());
            Assert.Equal((AccessAction.ShareOpened, share), (row.Action, row.ActorId));
            session.Store(row with { Action = AccessAction.DossierOpened, ActorId = null });
            await session.SaveChangesAsync();
        }

        await using var node = app.SecondNode();
        await using var query = node.Store.QuerySession();
        var rebuilt = Assert.Single(await query.Query<AccessHistoryEntry>().Where(h => h.PatientId == patient).ToListAsync());
        Assert.Equal((AccessAction.ShareOpened, share, AccessBasis.Share, "proche@example.fr"), (rebuilt.Action, rebuilt.ActorId, rebuilt.Basis, rebuilt.ActorName));
    }
}
