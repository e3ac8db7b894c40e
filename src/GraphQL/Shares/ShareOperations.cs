using EMage.GraphQL.Schema;
using EMage.Projections.Shares;
using GraphQL;
using GraphQL.Types;
using Marten;

namespace EMage.GraphQL.Shares;

public static class ShareOperations
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ShareType>>>>("myShares")
            .Description("My shares, newest first, with their uses.")
            .ResolveAsync(async ctx =>
            {
                var patient = await ctx.MyPatientId();
                await using var session = ctx.Service<IDocumentStore>().QuerySession();
                return await session.Query<ShareSummary>().Where(s => s.PatientId == patient)
                    .OrderByDescending(s => s.SharedAt).ToListAsync(ctx.CancellationToken);
            });

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ShareType>>("shareExam")
            .Description("Shares one of my exams with a trusted person for 1 to 30 days (default 7).")
            .Argument<NonNullGraphType<IdGraphType>>("examId", "The exam.")
            .Argument<NonNullGraphType<StringGraphType>>("recipientEmail", "The recipient's e-mail address.")
            .Argument<NonNullGraphType<IntGraphType>>("days", arg => { arg.Description = "How long the link works (1-30)."; arg.DefaultValue = 7; })
            .Argument<StringGraphType>("message", "A message for the recipient (at most 1000 characters).")
            .ResolveAsync(async ctx =>
            {
                var account = await ctx.Account();
                await ctx.MyPatientId();
                var created = await ctx.Service<ShareHandler>().Share(account.Id, ctx.GetArgument<Guid>("examId"),
                    ctx.GetArgument<string>("recipientEmail"), ctx.GetArgument<string?>("message"), ctx.GetArgument<int>("days"),
                    ctx.Command(account), ctx.CancellationToken);
                await using var session = ctx.Service<IDocumentStore>().QuerySession();
                return await session.LoadAsync<ShareSummary>(created.ShareId, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ShareType>>("revokeShare")
            .Description("Revokes one of my shares: the link opens nothing from now on.")
            .Argument<NonNullGraphType<IdGraphType>>("shareId", "The share.")
            .ResolveAsync(async ctx =>
            {
                var account = await ctx.Account();
                await ctx.MyPatientId();
                var shareId = ctx.GetArgument<Guid>("shareId");
                await ctx.Service<ShareHandler>().Revoke(account.Id, shareId, ctx.Command(account), ctx.CancellationToken);
                await using var session = ctx.Service<IDocumentStore>().QuerySession();
                return await session.LoadAsync<ShareSummary>(shareId, ctx.CancellationToken);
            });
    }
}
