using EMage.Projections;
using EMage.Projections.Store;
using EMage.Web.Demo;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace EMage.Web;

/// <summary>The host's Add…/Map… building blocks, so that Program.cs reads as a list.</summary>
public static class EmageHost
{
    public static IServiceCollection AddEmageStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException("ConnectionStrings:Marten is not set (ConnectionStrings__Marten).");
        services.AddMarten(provider =>
            {
                var opts = new StoreOptions();
                EmageStore.Configure(opts, connectionString);
                opts.Listeners.Add(new EMage.Projections.Mail.OutboxCommitListener(provider.GetRequiredService<EMage.Projections.Mail.OutboxSignal>()));
                return opts;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        services.AddEmageHandlers(UnknownEmailKey(configuration, environment));
        var blobs = configuration["Blobs:Path"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetEnvironmentVariable("EMAGE_DATA") is { Length: > 0 } data ? data : Path.GetTempPath(), "blobs");
        services.AddSingleton<EMage.Projections.Imaging.IBlobStore>(new EMage.Projections.Imaging.FileBlobStore(blobs));
        return services;
    }

    /// <summary>The key of the hash that names the streams of unknown e-mails. Losing it only resets their lockouts.</summary>
    private static byte[] UnknownEmailKey(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration["Accounts:UnknownEmailKey"] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            return key.Length >= 32 ? key : throw new InvalidOperationException("Accounts:UnknownEmailKey must be at least 32 bytes (base64).");
        }

        return environment.IsProduction()
            ? throw new InvalidOperationException("Accounts:UnknownEmailKey is required in production.")
            : System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    }

    public static IServiceCollection AddEmageLocalization(this IServiceCollection services) =>
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture("fr-FR");
            o.AddSupportedCultures("fr-FR", "en");
            o.AddSupportedUICultures("fr-FR", "en");
        });

    public static IServiceCollection AddEmageDemoData(this IServiceCollection services, IHostEnvironment environment, IConfiguration configuration)
    {
        if (environment.IsDevelopment() && configuration.GetValue("Demo:Seed", true))
        {
            services.AddHostedService<DemoData>();
        }

        return services;
    }

    public static void MapEmageHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
    }
}
