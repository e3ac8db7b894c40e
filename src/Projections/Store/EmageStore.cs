using System.Text.Json;
using System.Text.Json.Serialization;
using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using EMage.Projections.Expiry;
using EMage.Projections.Professionals;
using EMage.Projections.Shares;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace EMage.Projections.Store;

/// <summary>The one place that says how EMage uses Marten: schema, serializer, event names, projections.</summary>
public static class EmageStore
{
    public const string Schema = "emage";

    /// <summary>Every projection; the rebuild command walks this list.</summary>
    public static readonly IReadOnlyList<Type> Projections =
    [
        typeof(AccountStatusProjection),
        typeof(EstablishmentDirectoryProjection),
        typeof(ProfessionalDirectoryProjection),
        typeof(PatientAccessProjection),
        typeof(EstablishmentStaffProjection),
        typeof(PlatformAdministratorsProjection),
        typeof(AccessHistoryProjection),
        typeof(PatientExamsProjection),
        typeof(ExamLookupProjection),
        typeof(NewDocumentsFeedProjection),
        typeof(ShareSummaryProjection),
        typeof(ScheduledExpiryProjection),
    ];

    public static void Configure(StoreOptions opts, string connectionString, bool applySchemaChanges = true)
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = Schema;
        opts.Events.DatabaseSchemaName = Schema;
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Rich appends give inline projections each event's sequence, which orders and pages the history.
        opts.Events.AppendMode = EventAppendMode.Rich;
        opts.AutoCreateSchemaObjects = applySchemaChanges ? AutoCreate.CreateOrUpdate : AutoCreate.None;

        opts.UseSystemTextJsonForSerialization(
            new JsonSerializerOptions(JsonSerializerDefaults.Web),
            EnumStorage.AsString,
            Casing.CamelCase,
            json => json.Converters.Add(new JsonStringEnumConverter()));

        foreach (var (type, name) in EventTypeNames.All)
        {
            opts.Events.MapEventType(type, name);
        }

        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;

        AccountLogin.Configure(opts);
        AccessHistoryEntry.Configure(opts);
        ShareSummary.Configure(opts);
        ScheduledExpiry.Configure(opts);
        Imaging.StoredInstance.Configure(opts);
        ExamLookup.Configure(opts);
        Mail.OutboxMessage.Configure(opts);
        opts.Schema.For<AccountStatus>().Index(x => x.PatientId);

        // Inline: every screen reads right after the write that changed it.
        opts.Projections.Add<AccountStatusProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<EstablishmentDirectoryProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ProfessionalDirectoryProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<PatientAccessProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<EstablishmentStaffProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<PlatformAdministratorsProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<AccessHistoryProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<PatientExamsProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ExamLookupProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<NewDocumentsFeedProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ShareSummaryProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ScheduledExpiryProjection>(ProjectionLifecycle.Inline);
    }

    /// <summary>Sets the metadata that every event appended by this session carries.</summary>
    public static void Stamp(IDocumentSession session, CommandContext context)
    {
        session.CorrelationId = context.CorrelationId;
        session.CausationId = context.CausationId;
        session.LastModifiedBy = context.Actor.ToString();
    }
}
