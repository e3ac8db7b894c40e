using EMage.Domain.Common;
using EMage.Projections;
using EMage.Projections.Professionals;
using EMage.Projections.Store;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EMage.Bench;

/// <summary>
/// Single-event commands through our write path (load stream, decide, append with the expected
/// version, inline projections, one transaction each), against single-row INSERTs, one transaction
/// each, into a table shaped like mt_events on the same database.
/// </summary>
internal static class AppendBenchmark
{
    public static async Task<IReadOnlyList<string>> Run(string connectionString, int operations)
    {
        using var store = DocumentStore.For(o => EmageStore.Configure(o, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var services = new ServiceCollection()
            .AddSingleton<IDocumentStore>(store).AddSingleton(TimeProvider.System)
            .AddEmageHandlers(new byte[32]).BuildServiceProvider();
        var professionals = services.GetRequiredService<ProfessionalHandler>();
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using (var create = data.CreateCommand(
            "create table if not exists bench_raw (seq bigserial primary key, stream_id uuid not null, version bigint not null, " +
            "type text not null, data jsonb not null, timestamp timestamptz not null default now(), unique (stream_id, version))"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var context = CommandContext.For(Actor.System("bench"));
        var counter = 0;
        async Task Command()
        {
            var n = Interlocked.Increment(ref counter);
            await professionals.Register(Guid.NewGuid(), Rpps(n), "Bench", "Mark", "Médecin", "Radiologie", context);
        }

        async Task Insert()
        {
            await using var insert = data.CreateCommand("insert into bench_raw (stream_id, version, type, data) values ($1, 1, 'professional_registered', $2::jsonb)");
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            insert.Parameters.Add(new NpgsqlParameter { Value = """{"rpps":"10000000017","familyName":"Bench","givenName":"Mark","profession":"Médecin","specialty":"Radiologie"}""" });
            await insert.ExecuteNonQueryAsync();
        }

        // Warm up both paths (connections, schema, JIT).
        for (var i = 0; i < 50; i++)
        {
            await Command();
            await Insert();
        }

        var lines = new List<string>
        {
            "## Appends: single-event commands vs raw single-row INSERTs",
            "",
            "| writers | raw INSERT / s | EMage command / s | ratio (goal >= 0.5) | allocated / INSERT | allocated / command |",
            "|---|---|---|---|---|---|",
        };
        foreach (var writers in new[] { 1, 8 })
        {
            var each = operations / writers;
            double raw = 0, ours = 0;
            var rawBytes = await Stats.Allocated(async () => raw = await Stats.PerSecond(each * writers, () => Parallel(writers, each, Insert)));
            var ourBytes = await Stats.Allocated(async () => ours = await Stats.PerSecond(each * writers, () => Parallel(writers, each, Command)));
            lines.Add($"| {writers} | {raw:0} | {ours:0} | {Stats.Ratio(ours / raw)} | {Stats.Bytes((double)rawBytes / (each * writers))} | {Stats.Bytes((double)ourBytes / (each * writers))} |");
        }

        return lines;
    }

    private static Task Parallel(int writers, int each, Func<Task> operation) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await operation();
            }
        })));

    private static string Rpps(int n) => Luhn.WithCheckDigit("2" + n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture));
}
