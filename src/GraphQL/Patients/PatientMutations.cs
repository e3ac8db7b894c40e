using EMage.Domain.Dossiers;
using EMage.GraphQL.Accounts;
using EMage.GraphQL.Schema;
using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using GraphQL;
using GraphQL.Types;
using Marten;

namespace EMage.GraphQL.Patients;

public static class PatientMutations
{
    public static void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<NewDocumentType>>>>("markDocumentSeen")
            .Description("I opened a document: it leaves my home page's new documents. Answers the new documents left.")
            .Argument<NonNullGraphType<IdGraphType>>("examId", "The exam.")
            .Argument<NonNullGraphType<DocumentKindType>>("kind", "Report or images.")
            .ResolveAsync(async ctx =>
            {
                var account = await ctx.Account();
                await ctx.MyPatientId();
                var patient = await ctx.MyPatientId();
                await ctx.Service<DossierHandler>().MarkSeen(account.Id, ctx.GetArgument<Guid>("examId"),
                    ctx.GetArgument<DocumentKind>("kind"), ctx.Command(account), ctx.CancellationToken);
                await using var session = ctx.Service<IDocumentStore>().QuerySession();
                return (await session.LoadAsync<NewDocumentsFeed>(patient, ctx.CancellationToken))?.Newest.ToList() ?? [];
            });

        mutation.Field<NonNullGraphType<AccountType>>("changePassword")
            .Description("Changes my password: the current one is required; the new one has at least 12 characters, or 8 with three kinds. Ends my other sessions. Answers my account.")
            .Argument<NonNullGraphType<StringGraphType>>("currentPassword", "My current password.")
            .Argument<NonNullGraphType<StringGraphType>>("newPassword", "The new password.")
            .ResolveAsync(async ctx =>
            {
                var account = await ctx.Account();
                var current = ctx.GetArgument<string>("currentPassword");
                if (current.Length > 256)
                {
                    throw GraphErrors.BadInput("A password is at most 256 characters.");
                }

                await ctx.Service<AccountHandler>().ChangePassword(account.Id, current, ctx.GetArgument<string>("newPassword"),
                    ctx.Command(account), ctx.CancellationToken);
                await ctx.Service<IWebSession>().EndOtherSessions(ctx.User().Http, account.Id);
                return await Reload(ctx, account.Id);
            });

        mutation.Field<NonNullGraphType<AccountType>>("setOpeningNotice")
            .Description("Chooses when I am e-mailed about a professional opening my dossier: OFF, FIRST_OPENING (of each professional) or EVERY_OPENING. Break-glass accesses are always told.")
            .Argument<NonNullGraphType<OpeningNoticeType>>("openings", "When to be told.")
            .ResolveAsync(async ctx =>
            {
                var account = await ctx.Require(Domain.Accounts.AccountRole.Patient);
                await ctx.Service<AccountHandler>().SetOpeningNotice(account.Id, ctx.GetArgument<Domain.Accounts.OpeningNotice>("openings"),
                    ctx.Command(account), ctx.CancellationToken);
                return await Reload(ctx, account.Id);
            });

        mutation.Field<NonNullGraphType<AccountType>>("deactivateAccount")
            .Description("Deactivates my account: I can no longer sign in nor see my exams; the professionals keep their access. Ends my session. Answers the deactivated account.")
            .Argument<NonNullGraphType<BooleanGraphType>>("confirm", "Must be true: deactivation is not undone by the patient.")
            .ResolveAsync(async ctx =>
            {
                var account = await ctx.Require(Domain.Accounts.AccountRole.Patient);
                if (!ctx.GetArgument<bool>("confirm"))
                {
                    throw GraphErrors.BadInput("Deactivation needs confirm: true.");
                }

                await ctx.Service<AccountHandler>().Deactivate(account.Id, ctx.Command(account), ctx.CancellationToken);
                await ctx.Service<IWebSession>().EndOtherSessions(ctx.User().Http, account.Id);
                await ctx.Service<IWebSession>().SignOut(ctx.User().Http);
                return await Reload(ctx, account.Id);
            });
    }

    private static async Task<AccountStatus?> Reload(IResolveFieldContext ctx, Guid accountId)
    {
        await using var session = ctx.Service<IDocumentStore>().QuerySession();
        return await session.LoadAsync<AccountStatus>(accountId, ctx.CancellationToken);
    }
}
