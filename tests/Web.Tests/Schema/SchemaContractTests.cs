using EMage.GraphQL.Schema;
using EMage.Testing;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Schema;

public class SchemaContractTests(EmageApp app) : IClassFixture<EmageApp>
{
    /// <summary>schema.graphql is the contract: it must be exactly what the live schema prints.</summary>
    [Fact]
    public void TheCommittedSchema_IsTheLiveSchema()
    {
        var schema = app.Services.GetRequiredService<EmageSchema>();
        schema.Initialize();
        var live = schema.Print(new global::GraphQL.Utilities.PrintOptions { IncludeDescriptions = true }).ReplaceLineEndings("\n").TrimEnd() + "\n";
        var path = Path.Combine(PostgresCluster.RepositoryRoot(), "schema.graphql");
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        if (Environment.GetEnvironmentVariable("EMAGE_UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(path, live);
            return;
        }

        Assert.True(committed == live,
            "schema.graphql differs from the live schema. If the change is intended, run the tests once with EMAGE_UPDATE_SCHEMA=1 and commit the file.\n" + live);
    }
}
