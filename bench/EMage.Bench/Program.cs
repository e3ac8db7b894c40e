using System.Diagnostics;
using System.Globalization;
using EMage.Bench;
using EMage.Testing;

// Every number is measured in this run, on one throwaway PostgreSQL cluster, against a baseline
// measured in the same run. See docs/benchmarks.md for what each measures and why.
var quick = args.Contains("--quick");
var durable = Environment.GetEnvironmentVariable("EMAGE_BENCH_DURABLE") != "0";
var report = new List<string>
{
    durable ? "# PostgreSQL with production durability (fsync on)" : "# PostgreSQL without durability (fsync off, as the tests run it)",
    "",
    $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores{(quick ? " (quick: a tenth of the sizes)" : "")}.",
    "",
};

var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
if (only is null or "appends")
{
    report.AddRange(await AppendBenchmark.Run(await PostgresCluster.CreateDatabase("bench_appends"), quick ? 300 : 2000));
    report.Add("");
}

if (only is null or "history")
{
    report.AddRange(await HistoryBenchmark.Run(await PostgresCluster.CreateDatabase("bench_history"), quick ? 100_000 : 1_000_000));
    report.Add("");
}

if (only is null or "dossier")
{
    report.AddRange(await DossierBenchmark.Run(await PostgresCluster.CreateDatabase("bench_dossier"), quick));
    report.Add("");
}

// "home" is the home query alone and "imaging" the STOW-RS and WADO-RS parts alone (both run on the
// app that "graphql" starts), for quick comparisons.
if (only is null or "graphql" or "home" or "imaging")
{
    report.AddRange(await GraphQLBenchmark.Run(await PostgresCluster.CreateDatabase("bench_graphql"),
        quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(15), quick ? 200 : 1000,
        home: only is not "imaging", subscriptions: only is null or "graphql", imaging: only is null or "graphql" or "imaging"));
}

foreach (var line in report)
{
    Console.WriteLine(line);
}

var output = Environment.GetEnvironmentVariable("EMAGE_BENCH_OUT");
if (!string.IsNullOrEmpty(output))
{
    await File.WriteAllLinesAsync(output, report);
}

namespace EMage.Bench
{
    internal static class Stats
    {
        public static double Percentile(IReadOnlyList<double> sorted, double p) =>
            sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

        public static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

        public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

        public static string Bytes(double value) => value switch
        {
            >= 1024 * 1024 => (value / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
            >= 1024 => (value / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
            _ => value.ToString("0", CultureInfo.InvariantCulture) + " B",
        };

        /// <summary>Bytes this process allocated while <paramref name="work"/> ran (every thread).</summary>
        public static async Task<long> Allocated(Func<Task> work)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await work();
            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        public static async Task<double> PerSecond(int total, Func<Task> work)
        {
            var watch = Stopwatch.StartNew();
            await work();
            return total / watch.Elapsed.TotalSeconds;
        }
    }
}
