using EMage.Domain.Accounts;
using EMage.GraphQL.Patients;
using EMage.GraphQL.Schema;
using EMage.Projections.Dossiers;
using EMage.Projections.Platform;
using GraphQL;
using GraphQL.Types;
using JasperFx.Events;
using Marten;
using EMage.GraphQL.Subscriptions;

namespace EMage.GraphQL.Auditors;

/// <summary>Auditors replay history: any patient's lists AS OF an instant. Every read is itself recorded.</summary>
public static class AuditorQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProfessionalWithAccessType>>>>("auditProfessionalsWithAccess")
            .Description("Who could open a patient's dossier at an instant, and on which basis (now when asOf is omitted).")
            .Argument<NonNullGraphType<IdGraphType>>("patientId", "The patient.")
            .Argument<DateTimeOffsetGraphType>("asOf", "The instant; now when omitted.")
            .ResolveAsync(async ctx =>
            {
                var (patientId, asOf) = await Recorded(ctx, "professionalsWithAccess");
                var lists = ctx.Service<ProfessionalsWithAccessQuery>();
                return asOf is { } at ? await lists.AsOf(patientId, at, null, ctx.CancellationToken) : await lists.Live(patientId, null, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AccessHistoryEntryType>>>>("auditAccessHistory")
            .Description("Every opening of a patient's dossier up to an instant, newest first (now when asOf is omitted).")
            .Argument<NonNullGraphType<IdGraphType>>("patientId", "The patient.")
            .Argument<DateTimeOffsetGraphType>("asOf", "The instant; now when omitted.")
            .ResolveAsync(async ctx =>
            {
                var (patientId, asOf) = await Recorded(ctx, "accessHistory");
                return await ctx.Service<AccessHistoryQuery>().AsOf(patientId, asOf ?? DateTimeOffset.MaxValue, ctx.CancellationToken);
            });
    }

    public static void AddEventLog(ObjectGraphType query) =>
        query.Field<NonNullGraphType<StoredEventPageType>>("auditEvents")
            .Description("The raw event log, oldest first, filtered and paged by sequence.")
            .Argument<IdGraphType>("streamId", "Only this stream.")
            .Argument<StringGraphType>("type", "Only this event type (its pinned name, e.g. dossier_opened).")
            .Argument<DateTimeOffsetGraphType>("from", "Written at or after this instant.")
            .Argument<DateTimeOffsetGraphType>("to", "Written before this instant.")
            .Argument<StringGraphType>("actor", "Only events by this actor (e.g. account:...).")
            .Argument<NonNullGraphType<IntGraphType>>("first", arg => { arg.Description = "Events per page (1-500)."; arg.DefaultValue = 100; })
            .Argument<LongGraphType>("after", "The endCursor of the previous page (a sequence number).")
            .ResolveAsync(async ctx =>
            {
                var auditor = await ctx.Require(AccountRole.Auditor);
                var first = ctx.GetArgument<int>("first");
                if (first is < 1 or > 500)
                {
                    throw GraphErrors.BadInput("A page holds 1 to 500 events.");
                }

                var streamId = ctx.GetArgument<Guid?>("streamId");
                await ctx.Service<PlatformHandler>().RecordAuditorRead(auditor.Id, "events", null, null, ctx.Command(auditor), ctx.CancellationToken);
                await using var session = ctx.Service<IDocumentStore>().QuerySession();
                var events = session.Events.QueryAllRawEvents().Where(e => e.Sequence > (ctx.GetArgument<long?>("after") ?? 0));
                if (streamId is { } stream) events = events.Where(e => e.StreamId == stream);
                if (ctx.GetArgument<string?>("type") is { } type) events = events.Where(e => e.EventTypeName == type);
                if (ctx.GetArgument<DateTimeOffset?>("from") is { } from) events = events.Where(e => e.Timestamp >= from);
                if (ctx.GetArgument<DateTimeOffset?>("to") is { } to) events = events.Where(e => e.Timestamp < to);
                if (ctx.GetArgument<string?>("actor") is { } actor) events = events.Where(e => e.UserName == actor);
                var page = await events.OrderBy(e => e.Sequence).Take(first + 1).ToListAsync(ctx.CancellationToken);
                return new StoredEventPage(page.Take(first).ToList(), page.Count > first);
            });

    private static async Task<(Guid PatientId, DateTimeOffset? AsOf)> Recorded(IResolveFieldContext ctx, string what)
    {
        var auditor = await ctx.Require(AccountRole.Auditor);
        var patientId = ctx.GetArgument<Guid>("patientId");
        var asOf = ctx.GetArgument<DateTimeOffset?>("asOf");
        await ctx.Service<PlatformHandler>().RecordAuditorRead(auditor.Id, what, patientId, asOf, ctx.Command(auditor), ctx.CancellationToken);
        return (patientId, asOf);
    }
}

public sealed record StoredEventPage(IReadOnlyList<IEvent> Events, bool HasNextPage);

public sealed class StoredEventPageType : ObjectGraphType<StoredEventPage>
{
    public StoredEventPageType()
    {
        Name = "StoredEventPage";
        Description = "A page of the event log.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StoredEventType>>>>("events").Description("The events.").Resolve(ctx => ctx.Source.Events);
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Description("Whether more follow.").Resolve(ctx => ctx.Source.HasNextPage);
        Field<LongGraphType>("endCursor").Description("Pass as `after` for the next page.")
            .Resolve(ctx => ctx.Source.Events.Count == 0 ? null : ctx.Source.Events[^1].Sequence);
    }
}
