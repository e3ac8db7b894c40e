using EMage.Projections.Accounts;
using EMage.Projections.Establishments;
using EMage.Projections.Store;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Projections;

public static class ServiceCollectionExtensions
{
    /// <summary>The command handlers and their helpers; the store itself is added by the host.</summary>
    public static IServiceCollection AddEmageHandlers(this IServiceCollection services, byte[] unknownEmailKey)
    {
        services.AddSingleton<EventStreamWriter>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton(new UnknownEmailStreams(unknownEmailKey));
        services.AddSingleton<SignInHandler>();
        services.AddSingleton<AccountHandler>();
        services.AddSingleton<EstablishmentHandler>();
        return services;
    }
}
