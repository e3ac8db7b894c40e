using System.Diagnostics;
using Npgsql;

namespace EMage.Testing;

/// <summary>
/// The PostgreSQL server of this test run. `./emage test` starts one throwaway cluster for the whole
/// run and passes it in EMAGE_TEST_PG; a test assembly started alone (an IDE, `dotnet test`) asks the
/// same script for a cluster of its own and removes it when the process exits.
/// </summary>
public static class PostgresCluster
{
    private static readonly Lazy<string> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ServerConnectionString => Server.Value;

    /// <summary>A new, empty database on the shared cluster; each test class gets its own.</summary>
    public static async Task<string> CreateDatabase(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable("EMAGE_TEST_PG") is { Length: > 0 } given)
        {
            return given;
        }

        var script = Path.Combine(RepositoryRoot(), "emage");
        var output = RunScript(script, "pg-throwaway");
        var parts = output.Trim().Split('\t');
        if (parts.Length != 2)
        {
            throw new InvalidOperationException($"Unexpected output from emage pg-throwaway: {output}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunScript(script, "pg-stop", parts[1]);
        return parts[0];
    }

    private static string RunScript(string script, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"emage {string.Join(' ', args)} failed: {stderr}");
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EMage.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("EMage.sln not found above the test binaries.");
    }
}
