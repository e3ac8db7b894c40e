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
    public async Task Get_IsNotAllowedYet()
    {
        using var client = app.Browser();
        using var response = await client.GetAsync("/graphql?query=%7Bme%7Bid%7D%7D");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Health_IsReadyWhenTheDatabaseAnswers_AndAliveAlways()
    {
        using var client = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
    }
}
