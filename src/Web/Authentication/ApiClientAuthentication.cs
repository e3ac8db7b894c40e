using System.Security.Claims;
using System.Text.Encodings.Web;
using EMage.GraphQL.Schema;
using EMage.Projections.Establishments;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace EMage.Web.Authentication;

/// <summary>
/// Establishments' machine access: <c>Authorization: Bearer {clientId}.{secret}</c>. A request with a
/// bearer credential is authenticated by it alone (never by a cookie too).
/// </summary>
public sealed class ApiClientAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiClients clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiClient";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (await clients.Authenticate(header["Bearer ".Length..].Trim(), Context.RequestAborted) is not { } establishment)
        {
            return AuthenticateResult.Fail("Unknown or revoked API client.");
        }

        var identity = new ClaimsIdentity([new Claim(EmageUserContext.EstablishmentClaim, establishment.ToString("D"))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

public static class ApiClientAuthentication
{
    public const string Selector = "EMage";

    /// <summary>A policy scheme: bearer credentials go to the API client handler, everything else to the cookie.</summary>
    public static AuthenticationBuilder AddEmageAuthentication(this IServiceCollection services)
    {
        var builder = services.AddAuthentication(Selector);
        builder.AddPolicyScheme(Selector, Selector, o => o.ForwardDefaultSelector = http =>
            http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? ApiClientAuthenticationHandler.SchemeName
                : CookieAuthenticationDefaults.AuthenticationScheme);
        builder.AddScheme<AuthenticationSchemeOptions, ApiClientAuthenticationHandler>(ApiClientAuthenticationHandler.SchemeName, null);
        return builder;
    }
}
