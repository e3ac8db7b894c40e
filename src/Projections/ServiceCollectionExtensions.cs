using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Expiry;
using EMage.Projections.Platform;
using EMage.Projections.Professionals;
using EMage.Projections.Shares;
using EMage.Projections.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EMage.Projections;

public static class ServiceCollectionExtensions
{
    /// <summary>The command handlers and their helpers; the store itself is added by the host.</summary>
    public static IServiceCollection AddEmageHandlers(this IServiceCollection services, byte[] unknownEmailKey)
    {
        services.AddSingleton<EventStreamWriter>();
        services.AddSingleton<IStateSnapshotter, DossierSnapshotter>();
        services.AddSingleton<IStateSnapshotter, AccountSnapshotter>();
        services.AddSingleton<EstablishmentReads>();
        services.TryAddSingleton(new Mail.MailSettings());
        services.AddSingleton<Mail.MailTemplates>();
        services.AddSingleton<Mail.OutboxSignal>();
        services.AddSingleton<IAppendReaction, Mail.PatientNotifier>();
        services.AddSingleton<AccountLinks>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton(new UnknownEmailStreams(unknownEmailKey));
        services.AddSingleton<SignInHandler>();
        services.AddSingleton<AccountHandler>();
        services.AddSingleton<EstablishmentHandler>();
        services.AddSingleton<ProfessionalHandler>();
        services.AddSingleton<PlatformHandler>();
        services.AddSingleton<DossierHandler>();
        services.AddSingleton<ShareHandler>();
        services.AddSingleton<ExpiryRunner>();
        services.AddSingleton<ProfessionalsWithAccessQuery>();
        services.AddSingleton<AccessHistoryQuery>();
        services.AddSingleton<EstablishmentDirectoryQuery>();
        services.AddSingleton<EstablishmentQueries>();
        services.AddSingleton<ApiClients>();
        services.AddSingleton<PublicationHandler>();
        services.AddSingleton<PatientFinder>();
        services.AddSingleton<Imaging.ImageIngest>();
        services.AddSingleton<Imaging.StoredInstances>();
        services.AddSingleton<Imaging.ReportUpload>();
        return services;
    }
}
