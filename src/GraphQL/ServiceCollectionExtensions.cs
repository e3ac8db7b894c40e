using System.Text.Encodings.Web;
using System.Text.Unicode;
using EMage.Domain.Common;
using EMage.GraphQL.Accounts;
using EMage.GraphQL.Schema;
using GraphQL;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.GraphQL;

public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddEmageGraphQL(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SignInRateLimitOptions>(configuration.GetSection("SignInRateLimit"));
        services.AddSingleton<SignInRateLimiter>();
        services.AddGraphQL(graphql => graphql
            .AddSchema<EmageSchema>()
            // Accented French stays readable in responses; HTML-significant characters are still escaped.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All))
            .AddGraphTypes(typeof(EmageSchema).Assembly)
            .AddErrorInfoProvider(o => o.ExposeExceptionDetails = false)
            .AddUnhandledExceptionHandler(ctx =>
            {
                // Domain failures become coded errors; anything else is logged by the host and hidden.
                ctx.ErrorMessage = "An internal error occurred.";
                if (ctx.OriginalException is DomainException domain)
                {
                    ctx.Exception = GraphErrors.From(domain);
                }
            }));
        return services;
    }
}
