using System.Diagnostics;
using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Marten;

namespace EMage.Bench;

/// <summary>
/// A command on a long dossier (ImagesReceived, as each STOW-RS request appends): through the
/// writer that reads the dossier's snapshot and the events after it, against the same writer
/// folding the whole stream (the baseline), on dossiers of 1,000 and 10,000 events.
/// </summary>
internal static class DossierBenchmark
{
    public static async Task<IReadOnlyList<string>> Run(string connectionString, bool quick)
    {
        using var store = DocumentStore.For(o => EmageStore.Configure(o, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var clock = TimeProvider.System;
        var whole = new DossierHandler(store, new EventStreamWriter(store, [], []), clock);
        var snapshotted = new DossierHandler(store, new EventStreamWriter(store, [], [new DossierSnapshotter()]), clock);
        var context = CommandContext.For(Actor.System("bench"));
        var lines = new List<string>
        {
            "## A command on a long dossier: from its snapshot vs folding the whole stream",
            "",
            "| events in the dossier | whole stream: ms / command | from the snapshot: ms / command | speed-up | allocated / command (whole, snapshot) |",
            "|---|---|---|---|---|",
        };

        foreach (var length in quick ? new[] { 1_000 } : new[] { 1_000, 10_000 })
        {
            var commands = length >= 10_000 ? 60 : 200;
            var (patient, exam) = await LongDossier(store, length);
            // Warm up both paths; the snapshotted one also writes its first snapshot here.
            for (var i = 0; i < 60; i++)
            {
                await snapshotted.ReceiveImages(patient, exam, 0, 1, context);
            }

            await whole.ReceiveImages(patient, exam, 0, 1, context);
            var (wholeMs, wholeBytes) = await Measure(commands, () => whole.ReceiveImages(patient, exam, 0, 1, context));
            var (snapshotMs, snapshotBytes) = await Measure(commands, () => snapshotted.ReceiveImages(patient, exam, 0, 1, context));
            lines.Add($"| {length:N0} | {wholeMs:0.00} | {snapshotMs:0.00} | {Stats.Ratio(wholeMs / snapshotMs)} | {Stats.Bytes(wholeBytes)}, {Stats.Bytes(snapshotBytes)} |");
        }

        lines.Add("");
        lines.Add("The baseline runs the same commands on the same dossier; only the read before deciding differs.");
        return lines;
    }

    private static async Task<(double Ms, double Bytes)> Measure(int commands, Func<Task> command)
    {
        var watch = Stopwatch.StartNew();
        var allocated = await Stats.Allocated(async () =>
        {
            for (var i = 0; i < commands; i++)
            {
                await command();
            }
        });
        return (watch.Elapsed.TotalMilliseconds / commands, (double)allocated / commands);
    }

    /// <summary>A dossier with one exam and <paramref name="length"/> events, most of them openings.</summary>
    private static async Task<(Guid Patient, Guid Exam)> LongDossier(IDocumentStore store, int length)
    {
        var patient = Guid.NewGuid();
        var exam = Guid.NewGuid();
        var at = new DateTimeOffset(2023, 1, 1, 8, 0, 0, TimeSpan.Zero);
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream(patient,
                new DossierCreated(patient, "Bench", "Marie", new DateOnly(1980, 1, 1), Sex.Female, null, null, at),
                new ExamPublished(patient, exam, Guid.NewGuid(), "BENCH", "Scanner", "CT", at, "ACC", $"2.25.{Random.Shared.NextInt64(1, long.MaxValue)}", [], at));
            await session.SaveChangesAsync();
        }

        for (var written = 2; written < length;)
        {
            await using var session = store.LightweightSession();
            var batch = Enumerable.Range(0, Math.Min(1000, length - written)).Select(i => (object)(i % 10 == 0
                ? new ImagesReceived(patient, exam, 0, 1, at.AddMinutes(written + i))
                : new DossierOpened(patient, Guid.NewGuid(), "Dr Bench", AccessBasis.Radiologist, null, exam, "Scanner", at.AddMinutes(written + i)))).ToArray();
            session.Events.Append(patient, batch);
            await session.SaveChangesAsync();
            written += batch.Length;
        }

        return (patient, exam);
    }
}
