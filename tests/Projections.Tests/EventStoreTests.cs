using EMage.Domain.Common;
using EMage.Domain.Establishments;
using EMage.Projections.Establishments;
using EMage.Projections.Store;
using JasperFx.Events;
using Marten;

namespace EMage.Projections.Tests;

public class EventStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static readonly DateTimeOffset T0 = new(2022, 12, 8, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EveryEvent_CarriesCorrelationCausationAndActor()
    {
        var id = Guid.NewGuid();
        var context = new CommandContext(Actor.Account(Guid.Parse("0195a3c4-0000-7000-8000-00000000ad01")), "corr-123", "cause-456");

        await fixture.Get<EstablishmentHandler>().Register(id, "670000157", "WISSEMBOURG", "Wissembourg", context);

        await using var session = fixture.Store.QuerySession();
        var stored = Assert.Single(await session.Events.FetchStreamAsync(id));
        Assert.Equal("corr-123", stored.CorrelationId);
        Assert.Equal("cause-456", stored.CausationId);
        Assert.Equal("account:0195a3c4-0000-7000-8000-00000000ad01", stored.UserName);
        Assert.Equal("establishment_registered", stored.EventTypeName);
    }

    [Fact]
    public async Task AppendingOnAStaleVersion_IsRefused_AndWritesNothing()
    {
        var id = Guid.NewGuid();
        var registered = new EstablishmentRegistered(id, "670000157", "A", "B", T0);
        await using (var session = fixture.Store.LightweightSession())
        {
            EventStreamWriter.Append(session, id, 0, [registered]);
            await session.SaveChangesAsync();
        }

        // Two writers both read version 1; the first one to save wins.
        await using (var first = fixture.Store.LightweightSession())
        {
            EventStreamWriter.Append(first, id, 1, [registered]);
            await first.SaveChangesAsync();
        }

        await using (var second = fixture.Store.LightweightSession())
        {
            EventStreamWriter.Append(second, id, 1, [registered]);
            var error = await Assert.ThrowsAnyAsync<Exception>(() => second.SaveChangesAsync());
            Assert.True(EventStreamWriter.IsConcurrencyConflict(error), error.ToString());
        }

        await using var query = fixture.Store.QuerySession();
        Assert.Equal(2, (await query.Events.FetchStreamAsync(id)).Count);
    }

    [Fact]
    public async Task StartingAStreamThatExists_IsRefused()
    {
        var id = Guid.NewGuid();
        var registered = new EstablishmentRegistered(id, "670000157", "A", "B", T0);
        await using (var session = fixture.Store.LightweightSession())
        {
            EventStreamWriter.Append(session, id, 0, [registered]);
            await session.SaveChangesAsync();
        }

        await using var again = fixture.Store.LightweightSession();
        EventStreamWriter.Append(again, id, 0, [registered]);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => again.SaveChangesAsync());
        Assert.True(EventStreamWriter.IsConcurrencyConflict(error), error.ToString());
    }

    [Fact]
    public async Task ARefusedCommand_WritesNothing()
    {
        var id = Guid.NewGuid();
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            fixture.Get<EstablishmentHandler>().Register(id, "123", "A", "B", CommandContext.For(Actor.System("test"))));
        Assert.Equal("INVALID_FINESS", error.Code);
        await using var session = fixture.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(id));
    }

    [Fact]
    public async Task EstablishmentDirectory_IsProjectedInline()
    {
        var id = Guid.NewGuid();
        await fixture.Get<EstablishmentHandler>().Register(id, "670000157", "WISSEMBOURG", "Wissembourg", CommandContext.For(Actor.System("test")));
        await using var session = fixture.Store.QuerySession();
        var entry = await session.LoadAsync<EstablishmentDirectoryEntry>(id);
        Assert.Equal("WISSEMBOURG", entry!.Name);
    }

    [Fact]
    public void EventTypeNames_AreUniqueAndCoverEveryEventOfTheDomain()
    {
        Assert.Equal(EventTypeNames.All.Count, EventTypeNames.All.Select(x => x.Name).Distinct().Count());
        var domainEvents = typeof(Actor).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("EMage.Domain.", StringComparison.Ordinal) == true
                        && (t.Name.EndsWith("ed", StringComparison.Ordinal) || t.Name.EndsWith("Set", StringComparison.Ordinal)
                            || t.Name.EndsWith("Out", StringComparison.Ordinal)))
            .Where(t => t is { IsClass: true, IsAbstract: false } && !t.IsNested);
        Assert.Empty(domainEvents.Except(EventTypeNames.All.Select(x => x.Type)));
    }

    [Fact]
    public async Task RecordedFacts_FromManyWritersAtOnce_AllLand_InOneUnbrokenVersionSequence()
    {
        var platform = fixture.Get<EMage.Projections.Platform.PlatformHandler>();
        var auditor = Guid.NewGuid();
        var context = CommandContext.For(Actor.System("test"));
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => platform.RecordAuditorRead(auditor, $"read {i}", null, null, context))));

        await using var query = fixture.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(auditor);
        Assert.Equal(Enumerable.Range(1, 50).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(50, events.Select(e => ((EMage.Domain.Platform.AuditorReadRecorded)e.Data).Query).Distinct().Count());
    }
}
