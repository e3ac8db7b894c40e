using System.Text.Encodings.Web;
using System.Text.Unicode;
using EMage.Domain.Common;
using EMage.GraphQL.Accounts;
using EMage.GraphQL.Schema;
using EMage.GraphQL.Subscriptions;
using GraphQL;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.GraphQL;

public static class ServiceCollectionExtensions
{
    /// <param name="introspection">On in development only: the schema is a contract, not a map for strangers.</param>
    public static IServiceCollection AddEmageGraphQL(this IServiceCollection services, IConfiguration configuration, bool introspection)
    {
        services.Configure<SignInRateLimitOptions>(configuration.GetSection("SignInRateLimit"));
        services.AddSingleton<SignInRateLimiter>();
        services.AddSingleton<global::GraphQL.DI.IConfigureExecution, DocumentCache>();
        services.Configure<EventTailOptions>(configuration.GetSection("EventTail"));
        services.Configure<Transport.GraphQLWebSocketOptions>(configuration.GetSection("WebSockets"));
        services.AddSingleton<EventHub>();
        services.AddHostedService<EventTail>();
        services.AddGraphQL(graphql => graphql
            .AddSchema<EmageSchema>()
            // Accented French stays readable in responses; HTML-significant characters are still escaped.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All))
            .AddGraphTypes(typeof(EmageSchema).Assembly)
            .AddErrorInfoProvider(o => o.ExposeExceptionDetails = false)
            .AddValidationRule<OneSignInPerRequestRule>()
            // The complexity rule runs on cached documents too: a page size may come from a variable.
            .AddValidationRule<global::GraphQL.Validation.Rules.Custom.ComplexityValidationRule>(useForCachedDocuments: true)
            .AddComplexityOptions(c =>
            {
                c.MaxDepth = 12;
                c.MaxComplexity = 2500;
            })
            .AddUnhandledExceptionHandler(ctx =>
            {
                // Domain failures become coded errors; anything else is logged by the host and hidden.
                ctx.ErrorMessage = "An internal error occurred.";
                if (ctx.OriginalException is DomainException domain)
                {
                    ctx.Exception = GraphErrors.From(domain);
                }
            }));
        if (!introspection)
        {
            services.AddGraphQL(graphql => graphql.AddValidationRule<global::GraphQL.Validation.Rules.Custom.NoIntrospectionValidationRule>());
        }

        return services;
    }

    private static global::GraphQL.DI.IGraphQLBuilder AddComplexityOptions(this global::GraphQL.DI.IGraphQLBuilder graphql, Action<global::GraphQL.Validation.Complexity.ComplexityOptions> configure)
    {
        graphql.Services.Configure(configure);
        return graphql;
    }
}
