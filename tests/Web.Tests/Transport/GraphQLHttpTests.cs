using System.Net;
using System.Text;

namespace EMage.Web.Tests.Transport;

public class GraphQLHttpTests(EmageApp app) : IClassFixture<EmageApp>
{
    private static StringContent Body(string text, string mediaType = "application/json") => new(text, Encoding.UTF8, mediaType);

    private async Task<(HttpStatusCode Status, string ContentType, string Body)> Post(HttpContent content)
    {
        using var client = app.Browser();
        using var response = await client.PostAsync("/graphql", content);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, HttpStatusCode> BadRequests() => new()
    {
        { "{\"query\": \"mutation { signOut }\"", "application/json", HttpStatusCode.BadRequest },   // malformed JSON
        { "{\"variables\": {}}", "application/json", HttpStatusCode.BadRequest },                     // missing query
        { "{\"query\": 42}", "application/json", HttpStatusCode.BadRequest },                          // query not a string
        { "mutation { signOut }", "text/plain", HttpStatusCode.UnsupportedMediaType },                 // not JSON
        { "query=mutation", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequests_GetAClear4xxProblem_AndChangeNothing(string body, string mediaType, HttpStatusCode expected)
    {
        var before = await app.EventCount();
        var (status, contentType, text) = await Post(Body(body, mediaType));
        Assert.Equal(expected, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains("\"title\"", text, StringComparison.Ordinal);
        Assert.Equal(before, await app.EventCount());
    }

    [Fact]
    public async Task AnOversizedBody_Gets413_AndChangesNothing()
    {
        var (_, email) = await app.PatientWithAccount();
        var before = await app.EventCount();
        var padding = new string(' ', 70 * 1024);
        var json = $"{{\"query\": \"mutation {{ signIn(email: \\\"{email}\\\", password: \\\"x\\\") {{ __typename }} }}\"{padding}}}";
        var (status, contentType, _) = await Post(Body(json));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(before, await app.EventCount());
    }

    [Fact]
    public async Task AChunkedOversizedBody_Gets413()
    {
        var padding = new string(' ', 70 * 1024);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"query\": \"{{ me {{ id }} }}\"{padding}}}")));
        content.Headers.ContentType = new("application/json");
        var (status, _, _) = await Post(content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task AMissingArgument_IsAValidationErrorThatExecutesNothing()
    {
        var before = await app.EventCount();
        using var client = app.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = Body("{\"query\": \"mutation { signIn(email: \\\"a@example.fr\\\") { __typename } }\"}"),
        };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"errors\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"data\"", text, StringComparison.Ordinal);
        Assert.Equal(before, await app.EventCount());
    }

    [Fact]
    public async Task AnOverlongPassword_IsRefusedWithACode()
    {
        using var client = app.Browser();
        var answer = await client.GraphQL(GraphQLClient.SignIn, new { email = "a@example.fr", password = new string('x', 5000) });
        Assert.Equal("BAD_USER_INPUT", (string?)answer["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task Get_RunsQueries_ButNotMutations()
    {
        using var client = app.Browser();
        using var query = await client.GetAsync("/graphql?query=%7B__typename%7D");
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Contains("\"Query\"", await query.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var before = await app.EventCount();
        using var mutation = await client.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { signOut }"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
        Assert.Equal("POST", mutation.Content.Headers.Allow.Single());
        Assert.Equal(before, await app.EventCount());
    }

    [Fact]
    public async Task Get_WithASession_NeedsThePreflightHeader()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = await app.Browser(email);
        using var bare = await browser.GetAsync("/graphql?query=%7Bme%7Bemail%7D%7D");
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Equal("application/problem+json", bare.Content.Headers.ContentType?.MediaType);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7Bme%7Bemail%7D%7D");
        request.Headers.Add("GraphQL-Require-Preflight", "1");
        using var preflighted = await browser.SendAsync(request);
        Assert.Contains(email, await preflighted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInCannotBeAliasedIntoManyAttempts()
    {
        var (_, email) = await app.PatientWithAccount();
        var before = await app.EventCount();
        using var client = app.Browser();
        var answer = await client.GraphQL($$"""
            mutation { a: signIn(email: "{{email}}", password: "x") { __typename } b: signIn(email: "{{email}}", password: "y") { __typename } }
            """);
        Assert.Equal("ONE_SIGN_IN", (string?)answer["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal(before, await app.EventCount());
    }

    [Fact]
    public async Task Introspection_IsOffOutsideDevelopment()
    {
        using var client = app.Browser();
        var answer = await client.GraphQL("{ __schema { types { name } } }");
        Assert.NotNull(answer["errors"]);
        Assert.Null(answer["data"]);
    }

    [Fact]
    public async Task AnOverlyComplexQuery_IsRefusedBeforeItRuns()
    {
        using var client = app.Browser();
        var wide = "{ " + string.Concat(Enumerable.Range(0, 3000).Select(i => $"a{i}:__typename ")) + "}";
        var answer = await client.GraphQL(wide);
        Assert.Null(answer["data"]);
        Assert.Contains("complexity", (string?)answer["errors"]![0]!["message"], StringComparison.OrdinalIgnoreCase);
        Assert.Null((await client.GraphQL("{ a: __typename b: __typename }"))["errors"]);
    }

    [Fact]
    public async Task TheComplexityLimit_HoldsForACachedDocument_WhoseVariablesGrow()
    {
        using var client = app.Browser();
        const string page = "{ events { sequence streamId type timestamp actor correlationId data } }";
        var query = "query($n: Int!) { " + string.Concat(Enumerable.Range(0, 4).Select(i => $"p{i}: auditEvents(first: $n) {page} ")) + "}";

        // Small pages pass the limit (and the document is cached); the caller is then refused as anyone would be.
        var small = await client.GraphQL(query, new { n = 1 });
        Assert.Equal("UNAUTHENTICATED", (string?)small["errors"]![0]!["extensions"]!["code"]);
        var large = await client.GraphQL(query, new { n = 500 });
        Assert.Null(large["data"]);
        Assert.Contains("complexity", (string?)large["errors"]![0]!["message"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_IsReadyWhenTheDatabaseAnswers_AndAliveAlways()
    {
        using var client = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }
}
