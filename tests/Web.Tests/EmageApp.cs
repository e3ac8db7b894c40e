using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EMage.Testing;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests;

/// <summary>
/// The real app on the test server, over a database of its own on the run's PostgreSQL, with a
/// manual clock (the only fake). Each test class gets one; tests create their own accounts.
/// </summary>
public class EmageApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public string ConnectionString { get; private set; } = "";

    /// <summary>Where the app stores images and reports: shared with its second nodes, as a production store would be.</summary>
    public string BlobsPath { get; private set; } = Path.Combine(Path.GetTempPath(), "emage-test-blobs", Guid.NewGuid().ToString("N"));
    protected virtual int SignInPermitLimit => 1000;

    protected virtual string Environment => "Testing";

    protected virtual bool SeedDemo => false;

    /// <summary>The SMTP server the app delivers to: a real socket, in this process.</summary>
    public TestSmtpServer Mail { get; private set; } = new();

    public async Task InitializeAsync() => ConnectionString = await PostgresCluster.CreateDatabase("web");

    /// <summary>Another instance of the app on the same database, as a second node would be.</summary>
    public EmageApp SecondNode() => new SecondNodeApp(this);

    private sealed class SecondNodeApp : EmageApp
    {
        private readonly EmageApp _first;

        public SecondNodeApp(EmageApp first)
        {
            _first = first;
            ConnectionString = first.ConnectionString;
            Mail = first.Mail;
            BlobsPath = first.BlobsPath;
        }

        protected override void Settings(IWebHostBuilder builder) => _first.Settings(builder);
    }

    /// <summary>The settings of a derived app, which its second nodes have too.</summary>
    protected virtual void Settings(IWebHostBuilder builder)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Demo:Seed", SeedDemo ? "true" : "false");
        builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
        builder.UseSetting("Accounts:UnknownEmailKey", Convert.ToBase64String(new byte[32]));
        builder.UseSetting("SignInRateLimit:PermitLimit", SignInPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Expiry:Interval", "00:00:00.200");
        builder.UseSetting("Mail:SmtpHost", "127.0.0.1");
        builder.UseSetting("Mail:SmtpPort", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:Security", "None");
        builder.UseSetting("Mail:Interval", "00:00:00.500");
        builder.UseSetting("Mail:PublicUrl", "https://localhost");
        builder.UseSetting("Blobs:Path", BlobsPath);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        Settings(builder);
    }

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>A browser: keeps its cookies, speaks HTTPS like production.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

    /// <summary>
    /// How many events the store holds, once the e-mail that is due has been delivered: the outbox job
    /// appends EmailSent on its own schedule, which would otherwise count as a write of the request under test.
    /// </summary>
    public async Task<long> EventCount()
    {
        for (var i = 0; i < 200; i++)
        {
            await using var query = Store.QuerySession();
            var now = Clock.GetUtcNow();
            if (!await query.Query<EMage.Projections.Mail.OutboxMessage>().AnyAsync(m => m.Status == EMage.Projections.Mail.OutboxStatus.Pending && m.NextAttemptAt <= now))
            {
                break;
            }

            await Task.Delay(50);
        }

        await using var session = Store.QuerySession();
        var counts = await session.AdvancedSql.QueryAsync<long>("select count(*) from emage.mt_events", CancellationToken.None);
        return counts[0];
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (this is not SecondNodeApp)
        {
            await Mail.DisposeAsync();
        }

        await PostgresCluster.DropDatabase(ConnectionString);
    }
}

public static class GraphQLClient
{
    public static async Task<JsonNode> GraphQL(this HttpClient client, string query, object? variables = null)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public const string SignIn = """
        mutation SignIn($email: String!, $password: String!) {
          signIn(email: $email, password: $password) {
            __typename
            ... on SignInSucceeded { account { id email role } }
            ... on SignInInvalidCredentials { message }
            ... on SignInBlocked { blockedUntil message }
            ... on SignInAccountDeactivated { message }
            ... on SignInCodeRequired { challenge expiresAt message }
            ... on SignInInvalidCode { triesLeft message }
          }
        }
        """;

    public const string VerifyCode = """
        mutation Verify($challenge: String!, $code: String!) {
          verifySignInCode(challenge: $challenge, code: $code) {
            __typename
            ... on SignInSucceeded { account { id email role } }
            ... on SignInBlocked { blockedUntil message }
            ... on SignInInvalidCode { triesLeft message }
            ... on SignInAccountDeactivated { message }
          }
        }
        """;

    public static async Task<JsonNode> SignInAs(this HttpClient client, string email, string password) =>
        (await client.GraphQL(SignIn, new { email, password }))["data"]!["signIn"]!;

    public static async Task<JsonNode?> Me(this HttpClient client) =>
        (await client.GraphQL("{ me { id email displayName role } }"))["data"]!["me"];

    private static readonly JsonSerializerOptions Readable = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Json(this JsonNode? node) => node?.ToJsonString(Readable) ?? "null";
}
