using Microsoft.Net.Http.Headers;

namespace EMage.Web.Client;

/// <summary>
/// The web client: the Vite production build in wwwroot (built by ./emage run and ./emage test from
/// src/Client). Hashed assets are cached for a year; every other path that is not an API answers
/// index.html, so that the client's own routes (/examens, /partage, ...) load it. Security headers
/// on every response.
/// </summary>
public static class ClientApp
{
    private static readonly string[] ApiPrefixes = ["/graphql", "/dicomweb", "/api", "/dev", "/health", "/alive", "/bench"];

    /// <summary>
    /// The client's Content-Security-Policy: scripts and workers from us only (WebAssembly for the
    /// image codecs), connections to us (and our WebSocket), frames from us (the report PDF).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'self'";

    public static IApplicationBuilder UseEmageSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "SAMEORIGIN";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        await next(http);
    });

    public static IApplicationBuilder UseEmageClient(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx =>
            {
                ctx.Context.Response.Headers.CacheControl = ctx.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });

    /// <summary>index.html for the client's routes; API paths keep their own 404.</summary>
    public static void MapEmageClient(this IEndpointRouteBuilder endpoints, IWebHostEnvironment environment)
    {
        endpoints.MapFallback(async http =>
        {
            var path = http.Request.Path;
            var index = environment.WebRootFileProvider.GetFileInfo("index.html");
            if (!HttpMethods.IsGet(http.Request.Method) || ApiPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
                || Path.HasExtension(path.Value) || !index.Exists)
            {
                await Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found").ExecuteAsync(http);
                return;
            }

            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.SendFileAsync(index, http.RequestAborted);
        });
    }
}
