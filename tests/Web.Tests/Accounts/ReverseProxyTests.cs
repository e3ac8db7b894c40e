using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace EMage.Web.Tests.Accounts;

/// <summary>The app on a real socket with a sign-in limit of three per address; the test client comes from 127.0.0.1.</summary>
public class DirectApp : KestrelApp
{
    protected override int SignInPermitLimit => 3;
}

/// <summary>The same, behind a reverse proxy on 127.0.0.1 (as configured in production with the proxy's address).</summary>
public class BehindProxyApp : DirectApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ReverseProxy:KnownProxies", "127.0.0.1, ::1");
    }
}

internal static class ForwardedSignIn
{
    /// <summary>A sign-in attempt claiming to come, through a proxy, from <paramref name="client"/>; its error code or null.</summary>
    public static async Task<string?> Attempt(string url, string client, string email)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = GraphQLClient.SignIn, variables = new { email, password = "pas le bon mot de passe" } }),
        };
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (string?)body["errors"]?[0]?["extensions"]?["code"];
    }
}

public class ReverseProxyTests(BehindProxyApp app) : IClassFixture<BehindProxyApp>
{
    [Fact]
    public async Task BehindAConfiguredProxy_TheLimitIsPerClient_AsTheProxyNamesIt()
    {
        var email = $"inconnu-{Guid.NewGuid():N}@example.fr";
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await ForwardedSignIn.Attempt(app.Url, "203.0.113.7", email));
        }

        Assert.Equal("RATE_LIMITED", await ForwardedSignIn.Attempt(app.Url, "203.0.113.7", email));
        // Another client behind the same proxy is not blocked by the first one's attempts.
        Assert.Null(await ForwardedSignIn.Attempt(app.Url, "203.0.113.8", email));
    }
}

public class NoProxyTests(DirectApp app) : IClassFixture<DirectApp>
{
    [Fact]
    public async Task WithNoProxyConfigured_AForgedForwardedAddress_DoesNotEscapeTheLimit()
    {
        var email = $"inconnu-{Guid.NewGuid():N}@example.fr";
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await ForwardedSignIn.Attempt(app.Url, $"203.0.113.{i + 1}", email));
        }

        Assert.Equal("RATE_LIMITED", await ForwardedSignIn.Attempt(app.Url, "198.51.100.1", email));
    }
}
