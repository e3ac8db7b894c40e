using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EMage.GraphQL.Accounts;
using EMage.GraphQL.Schema;
using EMage.Projections.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Marten;
using Microsoft.Extensions.Options;

namespace EMage.Web.Authentication;

/// <summary>
/// Cookie sessions: HttpOnly, SameSite=Strict, Secure except for loopback development, 15 minutes
/// idle (sliding), 8 hours at most from sign-in, each one known to the server (see <see cref="WebSessions"/>)
/// under a fresh random id.
/// </summary>
public static class CookieSessions
{
    public const string CookieName = "emage.session";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(8);
    private const string SignedInAtKey = ".emage.signedInAt";
    private const string SessionIdKey = ".emage.sessionId";

    public static IServiceCollection AddEmageCookieSessions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton<WebSessions>();
        var protection = services.AddDataProtection().SetApplicationName("EMage");
        // The keys live in the database beside the sessions: encrypted there with a certificate the
        // database does not hold, a copy of the database alone cannot forge a session cookie.
        if (KeyCertificate(configuration, environment) is { } certificate)
        {
            protection.ProtectKeysWithCertificate(certificate);
        }

        services.AddOptions<KeyManagementOptions>()
            .Configure<IDocumentStore>((options, store) => options.XmlRepository = new MartenKeyRepository(store));
        services.AddSingleton<IWebSession, CookieWebSession>();
        services.AddEmageAuthentication().AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.IsEssential = true;
                options.Cookie.SecurePolicy = environment.IsDevelopment()
                    ? CookieSecurePolicy.SameAsRequest
                    : CookieSecurePolicy.Always;
                options.ExpireTimeSpan = IdleTimeout;
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = ctx => Status(ctx, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = ctx => Status(ctx, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = RejectEndedOrTooOldSessions;
            });
        return services;
    }

    /// <summary>
    /// The certificate (PKCS#12 file, with its private key) that encrypts the data-protection keys at
    /// rest: <c>DataProtection:CertificatePath</c> and <c>DataProtection:CertificatePassword</c>.
    /// Required in production; elsewhere the keys are stored unencrypted when it is not configured.
    /// </summary>
    private static X509Certificate2? KeyCertificate(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration["DataProtection:CertificatePath"] is not { Length: > 0 } path)
        {
            return environment.IsProduction()
                ? throw new InvalidOperationException("DataProtection:CertificatePath is required in production (the certificate that encrypts the session keys at rest).")
                : null;
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"DataProtection:CertificatePath: {path} has no private key.");
    }

    public static DateTimeOffset? SignedInAt(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(SignedInAtKey, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    /// <summary>The server-side id of the session, a fresh 256-bit random value at every sign-in.</summary>
    public static string? SessionId(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(SessionIdKey, out var value) ? value : null;

    private static Task Status(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static async Task RejectEndedOrTooOldSessions(CookieValidatePrincipalContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var accountId = ctx.Principal?.FindFirst(EmageUserContext.AccountIdClaim)?.Value is { } claim && Guid.TryParse(claim, out var parsed)
            ? parsed
            : (Guid?)null;
        if (SignedInAt(ctx.Properties) is { } at && now - at < AbsoluteTimeout && SessionId(ctx.Properties) is { } id && accountId is { } account)
        {
            var (open, status) = await services.GetRequiredService<WebSessions>().OpenWithAccount(id, account, ctx.HttpContext.RequestAborted);
            if (open)
            {
                // The request's account, read with its session: resolvers need not read it again.
                ctx.HttpContext.Items[EmageUserContext.AccountStatusItem] = status;
                return;
            }
        }

        ctx.RejectPrincipal();
        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private sealed class CookieWebSession(TimeProvider clock, WebSessions sessions) : IWebSession
    {
        public async Task SignIn(HttpContext http, AccountStatus account)
        {
            // A sign-in never continues an earlier session: that one ends, and the new one has a new id.
            var previous = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (previous.Properties is { } old && SessionId(old) is { } oldId)
            {
                await sessions.End(oldId);
            }
            var identity = new ClaimsIdentity(
                [
                    new Claim(EmageUserContext.AccountIdClaim, account.Id.ToString("D")),
                    new Claim(ClaimTypes.Role, account.Role.ToString()),
                ],
                CookieAuthenticationDefaults.AuthenticationScheme);
            var properties = new AuthenticationProperties { IsPersistent = false };
            var session = new WebSession
            {
                Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant(),
                AccountId = account.Id,
                SignedInAt = clock.GetUtcNow(),
            };
            await sessions.Start(session);
            properties.Items[SignedInAtKey] = session.SignedInAt.ToString("O", CultureInfo.InvariantCulture);
            properties.Items[SessionIdKey] = session.Id;
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
        }

        public async Task EndOtherSessions(HttpContext http, Guid accountId)
        {
            var current = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await sessions.EndAllBut(accountId, current.Properties is { } properties ? SessionId(properties) : null);
        }

        public async Task<bool> SignOut(HttpContext http)
        {
            var current = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (current.Properties is { } properties && SessionId(properties) is { } id)
            {
                await sessions.End(id);
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return current.Succeeded;
        }
    }
}
