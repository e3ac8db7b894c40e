using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Domain.Platform;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Api;

public class AuditorApiTests(EmageApp app) : IClassFixture<EmageApp>
{
    [Fact]
    public async Task AnAuditor_ReadsTheLogByStreamAndType_PageByPage_AndEveryReadIsRecorded()
    {
        var w = await app.World();
        var dossiers = app.Services.GetRequiredService<DossierHandler>();
        for (var i = 0; i < 3; i++)
        {
            await dossiers.Open(w.Patient, w.Radiologist, null, CommandContext.For(Actor.Account(w.Radiologist)));
        }

        using var auditor = await app.SignedIn(AccountRole.Auditor);
        const string Log = """
            query($stream: ID!, $after: Long) { auditEvents(streamId: $stream, type: "dossier_opened", first: 2, after: $after) { events { sequence type streamId actor } hasNextPage endCursor } }
            """;
        var first = (await auditor.GraphQL(Log, new { stream = w.Patient, after = (long?)null }))["data"]!["auditEvents"]!;
        Assert.Equal(2, first["events"]!.AsArray().Count);
        Assert.True((bool)first["hasNextPage"]!);
        var second = (await auditor.GraphQL(Log, new { stream = w.Patient, after = (long)first["endCursor"]! }))["data"]!["auditEvents"]!;
        Assert.Single(second["events"]!.AsArray());
        Assert.False((bool)second["hasNextPage"]!);
        Assert.All(first["events"]!.AsArray().Concat(second["events"]!.AsArray()), e =>
        {
            Assert.Equal("dossier_opened", (string?)e!["type"]);
            Assert.Equal(w.Patient.ToString(), (string?)e["streamId"]);
            Assert.Equal($"account:{w.Radiologist}", (string?)e["actor"]);
        });

        var me = (await auditor.GraphQL("{ me { id } }"))["data"]!["me"]!["id"]!.ToString();
        await using var session = app.Store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(Guid.Parse(me))).Select(e => e.Data).OfType<AuditorReadRecorded>().ToList();
        Assert.Equal(2, recorded.Count(r => r.Query == "events"));
    }
}
