using System.Text.Json;

namespace EMage.Web.Tests.Transport;

public class GraphQLHttpAuditTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    private sealed record Audit(string Name, string Status, string? Reason);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The npm package graphql-http's server audits: every MUST and SHOULD passes.</summary>
    [Fact]
    public async Task TheGraphQLOverHttpAudits_AllPass()
    {
        var output = await Node.Run("graphql-http-audit.mjs", app.Url + "/graphql");
        var audits = JsonSerializer.Deserialize<List<Audit>>(output, Web)!;

        Assert.True(audits.Count > 50, $"only {audits.Count} audits ran");
        var failed = audits.Where(a => a.Status is "error" or "warn" || (a.Status != "ok" && !a.Name.StartsWith("MAY", StringComparison.Ordinal))).ToList();
        Assert.True(failed.Count == 0, string.Join('\n', failed.Select(a => $"{a.Status}: {a.Name}: {a.Reason}")));
        // GET is supported, so the optional GET audits pass too.
        Assert.All(audits.Where(a => a.Name.Contains("GET", StringComparison.Ordinal)), a => Assert.Equal("ok", a.Status));
    }
}
