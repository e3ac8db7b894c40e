using System.Diagnostics;
using EMage.Domain.Dossiers;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Marten;

namespace EMage.Bench;

/// <summary>
/// Latency of the first "Historique" page (20 rows) for random patients as the store grows: measured
/// with a tenth of the events (the baseline), then with all of them. The page is one indexed range
/// read, so it should stay flat.
/// </summary>
internal static class HistoryBenchmark
{
    private const int OpeningsPerPatient = 100;
    private const int Samples = 1000;

    public static async Task<IReadOnlyList<string>> Run(string connectionString, int totalEvents)
    {
        using var store = DocumentStore.For(o => EmageStore.Configure(o, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var query = new AccessHistoryQuery(store);
        var patients = new List<Guid>();
        var lines = new List<string>
        {
            "## First AccessHistory page as the store grows",
            "",
            "| events in the store | fill rate (events / s) | p50 | p99 | p99 / baseline p99 | allocated / page |",
            "|---|---|---|---|---|---|",
        };

        double? baseline = null;
        foreach (var target in new[] { totalEvents / 10, totalEvents })
        {
            var watch = Stopwatch.StartNew();
            var added = await Fill(store, patients, target - patients.Count * OpeningsPerPatient);
            var rate = added / watch.Elapsed.TotalSeconds;
            var (p50, p99, allocated) = await Measure(query, patients);
            baseline ??= p99;
            lines.Add($"| {patients.Count * OpeningsPerPatient:N0} | {rate:0} | {Stats.Ms(p50)} | {Stats.Ms(p99)} | {Stats.Ratio(p99 / baseline.Value)} | {Stats.Bytes(allocated)} |");
        }

        lines.Add("");
        lines.Add("Goal: p99 <= 10 ms, flat as the store grows.");
        return lines;
    }

    private static async Task<int> Fill(IDocumentStore store, List<Guid> patients, int events)
    {
        const int streamsPerBatch = 20;
        var added = 0;
        var at = new DateTimeOffset(2023, 1, 1, 8, 0, 0, TimeSpan.Zero);
        while (added < events)
        {
            await using var session = store.LightweightSession();
            for (var s = 0; s < streamsPerBatch && added < events; s++)
            {
                var patient = Guid.NewGuid();
                patients.Add(patient);
                var openings = Enumerable.Range(0, OpeningsPerPatient).Select(i => (object)new DossierOpened(
                    patient, Guid.NewGuid(), "Dr Bench", AccessBasis.Radiologist, null, null, "Scanner", at.AddMinutes(i))).ToArray();
                session.Events.StartStream(patient, openings);
                added += openings.Length;
            }

            await session.SaveChangesAsync();
        }

        return added;
    }

    private static async Task<(double P50, double P99, double AllocatedPerPage)> Measure(AccessHistoryQuery query, List<Guid> patients)
    {
        var random = new Random(42);
        for (var i = 0; i < 50; i++)
        {
            await query.Page(patients[random.Next(patients.Count)], 20);
        }

        var timings = new List<double>(Samples);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Samples; i++)
        {
            var patient = patients[random.Next(patients.Count)];
            var watch = Stopwatch.StartNew();
            var page = await query.Page(patient, 20);
            timings.Add(watch.Elapsed.TotalMilliseconds);
            if (page.Entries.Count != 20)
            {
                throw new InvalidOperationException("A history page came back short.");
            }
        }

        var allocated = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / Samples;
        timings.Sort();
        return (Stats.Percentile(timings, 50), Stats.Percentile(timings, 99), allocated);
    }
}
