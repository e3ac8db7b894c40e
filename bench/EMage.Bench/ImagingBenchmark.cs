using System.Diagnostics;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text.Json.Nodes;
using EMage.Web.Demo;

namespace EMage.Bench;

/// <summary>
/// STOW-RS ingest (instances/s, MB/s) with 1 and 4 connections, small and large instances; then
/// WADO-RS retrieval of stored instances against the same files served as plain static files.
/// </summary>
internal static class ImagingBenchmark
{
    public static async Task<IReadOnlyList<string>> Run(string url, string bearer, TimeSpan duration)
    {
        var lines = new List<string>
        {
            "## STOW-RS ingest (5 instances per request)",
            "",
            "| instances | connections | instances / s | MB / s | allocated / MB received (server) |",
            "|---|---|---|---|---|",
        };
        var stored = new List<string>();
        foreach (var (label, size) in new[] { ("small (~10 kB)", 64), ("large (~500 kB)", 512) })
        {
            foreach (var connections in new[] { 1, 4 })
            {
                var before = await ServerMemory.Read(url);
                var (perSecond, megabytes, received) = await Stow(url, bearer, size, connections, duration, stored);
                var allocated = (await ServerMemory.Read(url)).AllocatedBytes - before.AllocatedBytes;
                lines.Add($"| {label} | {connections} | {perSecond:0} | {megabytes:0.0} | {Stats.Bytes(allocated / (received / 1_000_000.0))} |");
            }
        }

        lines.Add("");
        lines.Add("## WADO-RS retrieval against static files (4 connections, large instances)");
        lines.Add("");
        lines.Add("| endpoint | instances / s | MB / s | allocated / instance (server) |");
        lines.Add("|---|---|---|---|");
        var (wado, blobs) = await Addresses(url, bearer, stored.Take(10).ToList());
        var statics = blobs.Select(b => $"/bench/blob/{b}").ToList();
        // Both warmed up, then measured in alternating rounds (S W, W S, S W) as the GraphQL
        // comparison is, so that neither has the machine's quieter moment to itself.
        await Retrieve(url, bearer, statics, TimeSpan.FromSeconds(2));
        await Retrieve(url, bearer, wado, TimeSpan.FromSeconds(2));
        var plainRounds = new List<Retrieval>();
        var wadoRounds = new List<Retrieval>();
        for (var round = 0; round < 3; round++)
        {
            if (round % 2 == 0)
            {
                plainRounds.Add(await Retrieve(url, bearer, statics, duration / 3));
                wadoRounds.Add(await Retrieve(url, bearer, wado, duration / 3));
            }
            else
            {
                wadoRounds.Add(await Retrieve(url, bearer, wado, duration / 3));
                plainRounds.Add(await Retrieve(url, bearer, statics, duration / 3));
            }
        }

        var plain = Retrieval.Combine(plainRounds);
        var dicomweb = Retrieval.Combine(wadoRounds);
        var perRound = string.Join(", ", wadoRounds.Zip(plainRounds, (w, p) => Stats.Ratio(w.Megabytes / p.Megabytes)));
        lines.Add($"| static files (baseline) | {plain.PerSecond:0} | {plain.Megabytes:0.0} | {Stats.Bytes(plain.AllocatedPerInstance)} |");
        lines.Add($"| WADO-RS | {dicomweb.PerSecond:0} | {dicomweb.Megabytes:0.0} | {Stats.Bytes(dicomweb.AllocatedPerInstance)} |");
        lines.Add("");
        lines.Add($"Ratio WADO-RS / static: **{Stats.Ratio(dicomweb.Megabytes / plain.Megabytes)}** (goal >= 0.8); in each of the three rounds: {perRound}.");
        return lines;
    }

    private static string Uid() => "2.25." + new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);

    private static async Task<(double PerSecond, double Megabytes, long Bytes)> Stow(string url, string bearer, int size, int connections, TimeSpan duration, List<string> stored)
    {
        using var client = Client(url, bearer, connections);
        long instances = 0, bytes = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (watch.Elapsed < duration)
            {
                var series = new DemoImages.Series("1.2.250.1.999.1.2", Uid(), "CT", "DEMO0002", "20230306", "Bench", 5, size);
                var parts = DemoImages.Instances(series).ToList();
                var body = new MultipartContent("related", "bench-" + Guid.NewGuid().ToString("N"));
                body.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
                foreach (var part in parts)
                {
                    var content = new ByteArrayContent(part);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
                    body.Add(content);
                }

                using var response = await client.PostAsync("/dicomweb/studies/1.2.250.1.999.1.2", body);
                response.EnsureSuccessStatusCode();
                Interlocked.Add(ref instances, parts.Count);
                Interlocked.Add(ref bytes, parts.Sum(p => (long)p.Length));
                if (size >= 512)
                {
                    lock (stored) stored.Add(series.SeriesUid);
                }
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        return (instances / seconds, bytes / seconds / 1_000_000, bytes);
    }

    private static async Task<(List<string> Wado, List<string> Blobs)> Addresses(string url, string bearer, List<string> series)
    {
        // The large instances just stored, through QIDO; their blobs are found by content address.
        using var client = Client(url, bearer, 1);
        var wado = new List<string>();
        var blobs = new List<string>();
        foreach (var s in series)
        {
            foreach (var instance in JsonNode.Parse(await client.GetStringAsync($"/dicomweb/studies/1.2.250.1.999.1.2/series/{s}/instances"))!.AsArray())
            {
                var path = new Uri((string)instance!["00081190"]!["Value"]![0]!).AbsolutePath;
                var bytes = await client.GetByteArrayAsync(path);
                if (bytes.Length < 400_000) continue; // large ones only
                wado.Add(path);
                var start = IndexOf(bytes, "\r\n\r\n"u8) + 4;
                var end = IndexOf(bytes.AsSpan(start), "\r\n--"u8) + start;
                blobs.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(start, end - start))).ToLowerInvariant());
            }
        }

        return (wado, blobs);
    }

    /// <summary>One measured round: instances and bytes retrieved in so many seconds, and the server's allocations.</summary>
    private sealed record Retrieval(long Count, long Bytes, double Seconds, long Allocated)
    {
        public double PerSecond => Count / Seconds;
        public double Megabytes => Bytes / Seconds / 1_000_000;
        public double AllocatedPerInstance => (double)Allocated / Count;

        public static Retrieval Combine(IReadOnlyList<Retrieval> rounds) =>
            new(rounds.Sum(r => r.Count), rounds.Sum(r => r.Bytes), rounds.Sum(r => r.Seconds), rounds.Sum(r => r.Allocated));
    }

    private static async Task<Retrieval> Retrieve(string url, string bearer, List<string> paths, TimeSpan duration)
    {
        using var client = Client(url, bearer, 4);
        long count = 0, bytes = 0;
        var before = await ServerMemory.Read(url);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
        {
            var i = w;
            while (watch.Elapsed < duration)
            {
                var body = await client.GetByteArrayAsync(paths[i++ % paths.Count]);
                Interlocked.Increment(ref count);
                Interlocked.Add(ref bytes, body.Length);
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        var allocated = (await ServerMemory.Read(url)).AllocatedBytes - before.AllocatedBytes;
        return new Retrieval(count, bytes, seconds, allocated);
    }

    private static HttpClient Client(string url, string bearer, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
