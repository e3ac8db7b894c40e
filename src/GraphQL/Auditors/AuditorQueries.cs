using EMage.Domain.Accounts;
using EMage.GraphQL.Patients;
using EMage.GraphQL.Schema;
using EMage.Projections.Dossiers;
using EMage.Projections.Platform;
using GraphQL;
using GraphQL.Types;

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

    private static async Task<(Guid PatientId, DateTimeOffset? AsOf)> Recorded(IResolveFieldContext ctx, string what)
    {
        var auditor = await ctx.Require(AccountRole.Auditor);
        var patientId = ctx.GetArgument<Guid>("patientId");
        var asOf = ctx.GetArgument<DateTimeOffset?>("asOf");
        await ctx.Service<PlatformHandler>().RecordAuditorRead(auditor.Id, what, patientId, asOf, ctx.Command(auditor), ctx.CancellationToken);
        return (patientId, asOf);
    }
}
