using System.Diagnostics;
using EMage.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests;

/// <summary>
/// The app on a real Kestrel socket on loopback, for clients outside the process (Node). It runs in
/// Development (without demo data) because the graphql-http audits look types up by introspection,
/// which is off in every other environment; the transport is the same.
/// </summary>
public class KestrelApp : EmageApp
{
    private string? _url;

    public KestrelApp() => UseKestrel(0);

    protected override string Environment => "Development";

    public string Url
    {
        get
        {
            if (_url is null)
            {
                _url = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
                    .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
            }

            return _url;
        }
    }
}

/// <summary>Runs a script of tests/e2e with Node and returns what it printed.</summary>
public static class Node
{
    public static async Task<string> Run(string script, params string[] args)
    {
        var e2e = Path.Combine(PostgresCluster.RepositoryRoot(), "tests", "e2e");
        Assert.True(Directory.Exists(Path.Combine(e2e, "node_modules")),
            "tests/e2e/node_modules is missing: run ./emage test (it runs npm ci), or npm ci in tests/e2e.");
        var info = new ProcessStartInfo("node") { WorkingDirectory = e2e, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"node {script} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
