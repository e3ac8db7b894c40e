using System.Text.Json;
using EMage.Domain.Accounts;
using EMage.Domain.Dossiers;
using EMage.GraphQL.Patients;
using EMage.GraphQL.Schema;
using EMage.Projections.Dossiers;
using GraphQL;
using GraphQL.Types;
using JasperFx.Events;
using Marten;

namespace EMage.GraphQL.Subscriptions;

public sealed record DocumentPublished(Guid PatientId, Guid ExamId, DocumentKind Kind, DateTimeOffset AvailableAt);

public sealed class DocumentPublishedType : ObjectGraphType<DocumentPublished>
{
    public DocumentPublishedType()
    {
        Name = "DocumentPublished";
        Description = "A new document of mine, as it arrives.";
        Field(x => x.ExamId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The exam.");
        Field(x => x.Kind, type: typeof(NonNullGraphType<DocumentKindType>)).Description("Report or images.");
        Field(x => x.AvailableAt).Description("When it became available.");
        Field<NonNullGraphType<StringGraphType>>("examLabel").Description("The exam's label.").ResolveAsync(async ctx =>
        {
            await using var session = ctx.Service<IDocumentStore>().QuerySession();
            return (await session.LoadAsync<PatientExams>(ctx.Source.PatientId, ctx.CancellationToken))?.Exam(ctx.Source.ExamId)?.Label ?? "";
        });
    }
}

public sealed class StoredEventType : ObjectGraphType<IEvent>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public StoredEventType()
    {
        Name = "StoredEvent";
        Description = "An event of the log, as auditors see it.";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Its place in the whole log.").Resolve(ctx => ctx.Source.Sequence);
        Field<NonNullGraphType<IdGraphType>>("streamId").Description("The stream it belongs to.").Resolve(ctx => ctx.Source.StreamId);
        Field<NonNullGraphType<StringGraphType>>("type").Description("Its pinned type name.").Resolve(ctx => ctx.Source.EventTypeName);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("timestamp").Description("When it was written.").Resolve(ctx => ctx.Source.Timestamp);
        Field<StringGraphType>("actor").Description("Who acted.").Resolve(ctx => ctx.Source.UserName);
        Field<StringGraphType>("correlationId").Description("The request it came from.").Resolve(ctx => ctx.Source.CorrelationId);
        Field<NonNullGraphType<StringGraphType>>("data").Description("Its data, as JSON.")
            .Resolve(ctx => JsonSerializer.Serialize(ctx.Source.Data, ctx.Source.Data.GetType(), Json));
    }
}

/// <summary>Live updates over WebSocket (graphql-transport-ws), fed by this node's <see cref="EventHub"/>.</summary>
public sealed class EmageSubscription : ObjectGraphType
{
    public EmageSubscription()
    {
        Name = "Subscription";
        Description = "Live updates.";

        Field<NonNullGraphType<DocumentPublishedType>>("myNewDocuments")
            .Description("Each new document of mine (report or images) as it is published.")
            .ResolveStreamAsync(async ctx =>
            {
                var patient = await ctx.MyPatientId();
                return ctx.Service<EventHub>().Choose<IEvent, object>(e => e.Data switch
                {
                    ReportAttached r when r.PatientId == patient => new DocumentPublished(patient, r.ExamId, DocumentKind.Report, r.AttachedAt),
                    ImagesReceived i when i.PatientId == patient => new DocumentPublished(patient, i.ExamId, DocumentKind.Images, i.ReceivedAt),
                    _ => null,
                });
            });

        Field<NonNullGraphType<AccessHistoryEntryType>>("myDossierOpenings")
            .Description("Someone just opened my dossier, or used one of my shares.")
            .ResolveStreamAsync(async ctx =>
            {
                var patient = await ctx.MyPatientId();
                return ctx.Service<EventHub>().Choose<IEvent, object>(e =>
                    AccessHistoryEntry.From(e) is { } entry && entry.PatientId == patient ? entry : null);
            });

        Field<NonNullGraphType<StoredEventType>>("auditEventTail")
            .Description("Every event written from now on (auditors).")
            .ResolveStreamAsync(async ctx =>
            {
                await ctx.Require(AccountRole.Auditor);
                return ctx.Service<EventHub>().Choose<IEvent, object>(e => e);
            });
    }
}
