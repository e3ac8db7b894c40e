using EMage.GraphQL.Schema;
using EMage.Projections.Dossiers;
using EMage.Projections.Establishments;
using GraphQL;
using GraphQL.Types;
using Marten;

namespace EMage.GraphQL.Patients;

/// <summary>What the signed-in patient reads: always their own dossier, never one named by an argument.</summary>
public static class PatientQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<NewDocumentType>>>>("myNewDocuments")
            .Description("Home page: documents published since I last saw them, newest first.")
            .ResolveAsync(async ctx =>
            {
                var patient = await ctx.MyPatientId();
                await using var session = ctx.Service<IDocumentStore>().QuerySession();
                return (await session.LoadAsync<NewDocumentsFeed>(patient, ctx.CancellationToken))?.Newest.ToList() ?? [];
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExamType>>>>("myExams")
            .Description("My exams, most recent first, with their reports and images.")
            .ResolveAsync(async ctx =>
            {
                var patient = await ctx.MyPatientId();
                await using var session = ctx.Service<IDocumentStore>().QuerySession();
                return (await session.LoadAsync<PatientExams>(patient, ctx.CancellationToken))?.Exams ?? [];
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProfessionalWithAccessType>>>>("myProfessionals")
            .Description("The professionals who MAY open my dossier (\"Professionnels\"), searchable by name or RPPS.")
            .Argument<StringGraphType>("search", "Family name, given name or RPPS; accents and case do not matter.")
            .ResolveAsync(async ctx =>
            {
                var search = ctx.GetArgument<string?>("search");
                if (search is { Length: > 100 })
                {
                    throw GraphErrors.BadInput("A search is at most 100 characters.");
                }

                return await ctx.Service<ProfessionalsWithAccessQuery>().Live(await ctx.MyPatientId(), search, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<AccessHistoryConnectionType>>("myAccessHistory")
            .Description("Who opened my dossier and when (\"Historique\"), newest first.")
            .Argument<NonNullGraphType<IntGraphType>>("first", arg => { arg.Description = "Entries per page (1-100)."; arg.DefaultValue = 20; })
            .Argument<StringGraphType>("after", "The endCursor of the previous page.")
            .ResolveAsync(async ctx => await ctx.Service<AccessHistoryQuery>().Page(
                await ctx.MyPatientId(), ctx.GetArgument<int>("first"), ctx.GetArgument<string?>("after"), ctx.CancellationToken));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<EstablishmentType>>>>("establishments")
            .Description("The establishments sharing imaging on the platform, marking those holding my exams.")
            .ResolveAsync(async ctx => await ctx.Service<EstablishmentDirectoryQuery>().ForPatient(await ctx.MyPatientId(), ctx.CancellationToken));
    }
}
