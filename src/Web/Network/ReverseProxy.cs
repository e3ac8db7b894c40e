using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace EMage.Web.Network;

/// <summary>
/// Behind a reverse proxy (TLS termination, load balancer), the client's address and scheme come in
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>; the sign-in rate limit, the share code's
/// limit and the events' recorded addresses need the client's, not the proxy's. Those headers are
/// believed only from the proxies configured (<c>ReverseProxy:KnownProxies</c>, addresses, and
/// <c>ReverseProxy:KnownNetworks</c>, CIDR ranges), one hop each; with none configured they are
/// ignored altogether, so that a client cannot choose its own address to escape a limit.
/// </summary>
public static class ReverseProxy
{
    public static IApplicationBuilder UseEmageReverseProxy(this WebApplication app)
    {
        var section = app.Configuration.GetSection("ReverseProxy");
        var proxies = Values(section.GetSection("KnownProxies"));
        var networks = Values(section.GetSection("KnownNetworks"));
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        // The defaults trust loopback: only what is configured is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"ReverseProxy:KnownProxies: '{proxy}' is not an IP address."));
        }

        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                ? range
                : throw new InvalidOperationException($"ReverseProxy:KnownNetworks: '{network}' is not a CIDR range (such as 10.0.0.0/8)."));
        }

        return app.UseForwardedHeaders(options);
    }

    /// <summary>A list from configuration: array entries, or one comma-separated value (as an environment variable gives it).</summary>
    private static List<string> Values(IConfigurationSection section) =>
        [.. (section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? ""))
            .Select(v => v.Trim()).Where(v => v.Length > 0)];
}
