using EMage.Projections.Shares;
using Marten;

namespace EMage.Web.Shares;

/// <summary>
/// For a share recipient (a share cookie, no account session, no API client): once the share has
/// expired or was revoked, every request for its documents answers 410 "Ce partage a expiré".
/// </summary>
public static class ShareGate
{
    private static readonly string[] Guarded = ["/dicomweb", "/api/reports", "/api/share/exam"];

    public static IApplicationBuilder UseShareGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Cookies.ContainsKey(ShareEndpoints.CookieName)
            && Guarded.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.Ordinal))
            && http.User.Identity?.IsAuthenticated != true)
        {
            var services = http.RequestServices;
            var (_, expired) = await ShareEndpoints.Resolve(http, services.GetRequiredService<IDocumentStore>(),
                services.GetRequiredService<ShareHandler>(), services.GetRequiredService<TimeProvider>());
            if (expired)
            {
                await ShareEndpoints.Expired().ExecuteAsync(http);
                return;
            }
        }

        await next(http);
    });
}
