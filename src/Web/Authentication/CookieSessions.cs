using System.Globalization;
using System.Security.Claims;
using EMage.GraphQL.Accounts;
using EMage.GraphQL.Schema;
using EMage.Projections.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace EMage.Web.Authentication;

/// <summary>
/// Cookie sessions: HttpOnly, SameSite=Strict, Secure except for loopback development, 15 minutes
/// idle (sliding), 8 hours at most from sign-in, kept on the server (see <see cref="MartenTicketStore"/>).
/// </summary>
public static class CookieSessions
{
    public const string CookieName = "emage.session";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(8);
    private const string SignedInAtKey = ".emage.signedInAt";

    public static IServiceCollection AddEmageCookieSessions(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddSingleton<MartenTicketStore>();
        services.AddSingleton<IWebSession, CookieWebSession>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<MartenTicketStore>((options, tickets) =>
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
                options.SessionStore = tickets;
                options.Events.OnRedirectToLogin = ctx => Status(ctx, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = ctx => Status(ctx, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = RejectAfterAbsoluteTimeout;
            });
        return services;
    }

    public static DateTimeOffset? SignedInAt(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(SignedInAtKey, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    private static Task Status(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static async Task RejectAfterAbsoluteTimeout(CookieValidatePrincipalContext ctx)
    {
        var now = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (SignedInAt(ctx.Properties) is not { } at || now - at >= AbsoluteTimeout)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private sealed class CookieWebSession(TimeProvider clock) : IWebSession
    {
        public async Task SignIn(HttpContext http, AccountStatus account)
        {
            // End any session this browser had: a sign-in always starts a new session id.
            await SignOut(http);
            var identity = new ClaimsIdentity(
                [
                    new Claim(EmageUserContext.AccountIdClaim, account.Id.ToString("D")),
                    new Claim(ClaimTypes.Role, account.Role.ToString()),
                ],
                CookieAuthenticationDefaults.AuthenticationScheme);
            var properties = new AuthenticationProperties { IsPersistent = false };
            properties.Items[SignedInAtKey] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
        }

        public async Task<bool> SignOut(HttpContext http)
        {
            var current = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return current.Succeeded;
        }
    }
}
