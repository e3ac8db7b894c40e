using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EMage.Testing;

namespace EMage.Bench;

/// <summary>
/// The app as `./emage run` serves it (a separate process, the demo world), loaded from this process:
/// the patient home query through /graphql against a plain endpoint returning the same JSON from the
/// same read model; then the time from a write to its arrival at 1,000 open subscriptions.
/// </summary>
internal static class GraphQLBenchmark
{
    private const string Email = "marie.durand@demo.e-mage.fr";
    private const string Password = "Demo-e-mage-2026";
    private const string HomeQuery = "{ myNewDocuments { examId kind examLabel establishmentName availableAt } }";

    public static async Task<IReadOnlyList<string>> Run(string connectionString, TimeSpan duration, int subscribers, bool home, bool subscriptions, bool imaging)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var data = Directory.CreateTempSubdirectory("emage-bench-").FullName;
        using var app = StartApp(connectionString, url, data);
        try
        {
            await WaitUntilReady(url, data);
            var cookie = await SignIn(url, Email, data);
            var lines = new List<string>();
            if (home)
            {
                lines.AddRange(await HomeComparison(url, cookie, duration));
            }

            if (subscriptions)
            {
                var (latency, retained) = await SubscriptionLatency(url, cookie, subscribers, data);
                lines.Add($"## Event to subscriber with {subscribers:N0} open subscriptions");
                lines.Add("");
                lines.Add("| deliveries | p50 | p95 | max | server heap retained / subscription |");
                lines.Add("|---|---|---|---|---|");
                lines.Add($"| {latency.Count:N0} | {Stats.Ms(Stats.Percentile(latency, 50))} | {Stats.Ms(Stats.Percentile(latency, 95))} | {Stats.Ms(latency[^1])} " +
                    $"| {Stats.Bytes(retained)} |");
                lines.Add("");
                lines.Add("Goal: p95 <= 250 ms (the event tail polls the store every 50 ms).");
                lines.Add("");
            }

            if (imaging)
            {
                var bearer = (await File.ReadAllTextAsync(Path.Combine(data, "demo-api-client.txt"))).Trim();
                lines.AddRange(await ImagingBenchmark.Run(url, bearer, duration));
            }

            var end = await ServerMemory.Read(url);
            lines.Add("");
            lines.Add($"The server's peak working set over the whole run (demo world, all of the above): {Stats.Bytes(end.PeakWorkingSetBytes)}.");
            return lines;
        }
        catch
        {
            lock (AppLog) Console.Error.WriteLine(AppLog.ToString()[Math.Max(0, AppLog.Length - 4000)..]);
            throw;
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<List<string>> HomeComparison(string url, string cookie, TimeSpan duration)
    {
        var lines = new List<string>
        {
            "## Patient home query: /graphql against a plain JSON endpoint (32 connections)",
            "",
            "| endpoint | requests / s | p50 | p95 | allocated / request (server) |",
            "|---|---|---|---|---|",
        };

        // Both endpoints are warmed up, then measured in alternating rounds (G P, P G, G P), so that
        // neither profits from the machine's state (JIT tiers, caches, the other's warm-up) alone.
        // The body is serialized once: the load generator shares the cores with the server.
        var homeBody = JsonSerializer.SerializeToUtf8Bytes(new { query = HomeQuery });
        HttpRequestMessage GraphQLRequest() => new(HttpMethod.Post, "/graphql")
        {
            Content = new ByteArrayContent(homeBody) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
        };
        HttpRequestMessage PlainRequest() => new(HttpMethod.Get, "/bench/home");
        await Load(url, cookie, TimeSpan.FromSeconds(2), GraphQLRequest);
        await Load(url, cookie, TimeSpan.FromSeconds(2), PlainRequest);
        var graphqlRounds = new List<LoadResult>();
        var plainRounds = new List<LoadResult>();
        for (var round = 0; round < 3; round++)
        {
            if (round % 2 == 0)
            {
                graphqlRounds.Add(await Load(url, cookie, duration / 3, GraphQLRequest));
                plainRounds.Add(await Load(url, cookie, duration / 3, PlainRequest));
            }
            else
            {
                plainRounds.Add(await Load(url, cookie, duration / 3, PlainRequest));
                graphqlRounds.Add(await Load(url, cookie, duration / 3, GraphQLRequest));
            }
        }

        var graphql = Combine(graphqlRounds);
        var plain = Combine(plainRounds);
        lines.Add($"| plain JSON (baseline) | {plain.Rate:0} | {Stats.Ms(plain.P50)} | {Stats.Ms(plain.P95)} | {Stats.Bytes(plain.AllocatedPerRequest)} |");
        lines.Add($"| /graphql | {graphql.Rate:0} | {Stats.Ms(graphql.P50)} | {Stats.Ms(graphql.P95)} | {Stats.Bytes(graphql.AllocatedPerRequest)} |");
        lines.Add("");
        lines.Add($"Throughput ratio /graphql / plain: **{Stats.Ratio(graphql.Rate / plain.Rate)}** (goal >= 0.5); /graphql p95 goal <= 25 ms; " +
            $"allocation ratio /graphql / plain: {Stats.Ratio(graphql.AllocatedPerRequest / plain.AllocatedPerRequest)}.");
        lines.Add("");
        return lines;
    }

    private sealed record LoadResult(double Rate, double P50, double P95, List<double> Timings, long Allocated)
    {
        public double AllocatedPerRequest => (double)Allocated / Timings.Count;
    }

    private static LoadResult Combine(List<LoadResult> rounds)
    {
        var all = rounds.SelectMany(r => r.Timings).Order().ToList();
        return new LoadResult(rounds.Average(r => r.Rate), Stats.Percentile(all, 50), Stats.Percentile(all, 95), all, rounds.Sum(r => r.Allocated));
    }

    private static async Task<LoadResult> Load(string url, string cookie, TimeSpan duration, Func<HttpRequestMessage> request)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 32, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url) };
        async Task Once()
        {
            using var message = request();
            message.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(message);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }

        for (var i = 0; i < 200; i++) await Once(); // warm-up
        var timings = new List<double>[32];
        var before = await ServerMemory.Read(url);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async w =>
        {
            timings[w] = [];
            while (watch.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await Once();
                timings[w].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        var elapsed = watch.Elapsed;
        var after = await ServerMemory.Read(url);
        var all = timings.SelectMany(t => t).Order().ToList();
        return new LoadResult(all.Count / elapsed.TotalSeconds, Stats.Percentile(all, 50), Stats.Percentile(all, 95), all, after.AllocatedBytes - before.AllocatedBytes);
    }

    private static async Task<(List<double> Latencies, double Retained)> SubscriptionLatency(
        string url, string cookie, int subscribers, string data)
    {
        var idle = await ServerMemory.Read(url, collect: true);
        var ws = new Uri(url.Replace("http://", "ws://", StringComparison.Ordinal) + "/graphql");
        var sockets = new List<ClientWebSocket>();
        var arrivals = new System.Collections.Concurrent.ConcurrentBag<(int Event, long At)>();
        var readers = new List<Task>();
        for (var i = 0; i < subscribers; i++)
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("graphql-transport-ws");
            socket.Options.SetRequestHeader("Cookie", cookie);
            await socket.ConnectAsync(ws, CancellationToken.None);
            await Send(socket, """{"type":"connection_init"}""");
            await Receive(socket);
            await Send(socket, """{"id":"1","type":"subscribe","payload":{"query":"subscription { myDossierOpenings { examLabel } }"}}""");
            sockets.Add(socket);
            readers.Add(Task.Run(async () =>
            {
                while (socket.State == WebSocketState.Open && await Receive(socket) is { } message)
                {
                    if (message.Contains("\"next\"", StringComparison.Ordinal))
                    {
                        arrivals.Add((0, Stopwatch.GetTimestamp()));
                    }
                }
            }));
        }

        await Task.Delay(1000);
        var open = await ServerMemory.Read(url, collect: true);
        var retained = (double)(open.HeapBytes - idle.HeapBytes) / subscribers;
        // The openings are written by the support administrator, through the API, one at a time.
        var support = await SignIn(url, "support@demo.e-mage.fr", data);
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        var patient = await PatientId(client, cookie);
        var latencies = new List<double>();
        for (var e = 0; e < 10; e++)
        {
            arrivals.Clear();
            var sent = Stopwatch.GetTimestamp();
            using var message = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { query = $"mutation {{ openDossier(patientId: \"{patient}\") {{ basis }} }}" }), Encoding.UTF8, "application/json"),
            };
            message.Headers.Add("Cookie", support);
            (await client.SendAsync(message)).EnsureSuccessStatusCode();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (arrivals.Count < subscribers && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            if (arrivals.Count < subscribers)
            {
                throw new InvalidOperationException($"Only {arrivals.Count} of {subscribers} subscribers got event {e}.");
            }

            latencies.AddRange(arrivals.Select(a => Stopwatch.GetElapsedTime(sent, a.At).TotalMilliseconds));
            await Task.Delay(200);
        }

        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        latencies.Sort();
        return (latencies, retained);
    }

    private static async Task<string> PatientId(HttpClient client, string cookie)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ me { patientId } }"}""", Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(message);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("data").GetProperty("me").GetProperty("patientId").GetString()!;
    }

    private static Task Send(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string?> Receive(ClientWebSocket socket)
    {
        var buffer = new byte[16384];
        try
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            return result.MessageType == WebSocketMessageType.Close ? null : Encoding.UTF8.GetString(buffer, 0, result.Count);
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    /// <summary>Signs in; a patient's e-mailed code is read from the app's local mailbox (no SMTP in benchmarks).</summary>
    private static async Task<string> SignIn(string url, string email, string data)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        var mailbox = Path.Combine(data, "mailbox");
        var before = Directory.Exists(mailbox) ? Directory.GetFiles(mailbox, "*.eml").ToHashSet(StringComparer.Ordinal) : [];
        var body = JsonSerializer.Serialize(new
        {
            query = "mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { __typename ... on SignInCodeRequired { challenge } } }",
            variables = new { e = email, p = Password },
        });
        using var response = await client.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("signIn");
        if (answer.GetProperty("__typename").GetString() != "SignInCodeRequired")
        {
            return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("emage.session=", StringComparison.Ordinal)).Split(';')[0];
        }

        // The code is in the e-mail this sign-in sent: a file that was not there before.
        string? code = null;
        for (var i = 0; i < 200 && code is null; i++)
        {
            code = Directory.Exists(mailbox)
                ? Directory.GetFiles(mailbox, "*.eml").Where(f => !before.Contains(f)).OrderDescending(StringComparer.Ordinal)
                    .Select(f => System.Text.RegularExpressions.Regex.Match(File.ReadAllText(f), @"Subject: Votre code de connexion EMage : (\d{6})"))
                    .FirstOrDefault(m => m.Success)?.Groups[1].Value
                : null;
            if (code is null) await Task.Delay(100);
        }

        var verify = JsonSerializer.Serialize(new
        {
            query = "mutation($c: String!, $k: String!) { verifySignInCode(challenge: $c, code: $k) { __typename } }",
            variables = new { c = answer.GetProperty("challenge").GetString(), k = code ?? throw new InvalidOperationException("No sign-in code in the mailbox.") },
        });
        using var verified = await client.PostAsync("/graphql", new StringContent(verify, Encoding.UTF8, "application/json"));
        return verified.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("emage.session=", StringComparison.Ordinal)).Split(';')[0];
    }

    /// <summary>What the app printed: shown when a benchmark step fails.</summary>
    public static readonly System.Text.StringBuilder AppLog = new();

    private static Process StartApp(string connectionString, string url, string data)
    {
        var root = PostgresCluster.RepositoryRoot();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(root, "src", "Web", "bin", "Release", "net10.0", "EMage.Web.dll"));
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(Path.Combine(root, "src", "Web"));
        info.Environment["ASPNETCORE_URLS"] = url;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__Marten"] = connectionString;
        info.Environment["Benchmarks__PlainEndpoint"] = "true";
        info.Environment["EMAGE_DATA"] = data;
        info.Environment["SignInRateLimit__PermitLimit"] = "100000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (AppLog) AppLog.AppendLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (AppLog) AppLog.AppendLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilReady(string url, string data)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                // The demo world is seeded at start-up; its last step writes the demo API client's file.
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK && File.Exists(Path.Combine(data, "demo-api-client.txt")))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The app did not start.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The app's memory, from its bench-only /bench/memory endpoint.</summary>
internal sealed record ServerMemory(long AllocatedBytes, long HeapBytes, long WorkingSetBytes, long PeakWorkingSetBytes)
{
    private static readonly HttpClient Http = new();

    public static async Task<ServerMemory> Read(string url, bool collect = false)
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync($"{url}/bench/memory{(collect ? "?collect=true" : "")}"));
        var root = json.RootElement;
        return new ServerMemory(root.GetProperty("allocatedBytes").GetInt64(), root.GetProperty("heapBytes").GetInt64(),
            root.GetProperty("workingSetBytes").GetInt64(), root.GetProperty("peakWorkingSetBytes").GetInt64());
    }
}
