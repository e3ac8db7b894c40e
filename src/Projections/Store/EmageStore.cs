using System.Text.Json;
using System.Text.Json.Serialization;
using EMage.Projections.Accounts;
using EMage.Projections.Establishments;
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

    public static void Configure(StoreOptions opts, string connectionString, bool applySchemaChanges = true)
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = Schema;
        opts.Events.DatabaseSchemaName = Schema;
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
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
        opts.Projections.Add<AccountStatusProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<EstablishmentDirectoryProjection>(ProjectionLifecycle.Inline);
    }

    /// <summary>Sets the metadata that every event appended by this session carries.</summary>
    public static void Stamp(IDocumentSession session, CommandContext context)
    {
        session.CorrelationId = context.CorrelationId;
        session.CausationId = context.CausationId;
        session.LastModifiedBy = context.Actor.ToString();
    }
}
