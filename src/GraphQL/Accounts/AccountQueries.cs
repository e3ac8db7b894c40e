using EMage.GraphQL.Schema;
using EMage.Projections.Accounts;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.GraphQL.Accounts;

public static class AccountQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<AccountType>("me")
            .Description("The signed-in account, or null when nobody is signed in.")
            .ResolveAsync(async ctx =>
            {
                if (((EmageUserContext)ctx.UserContext).AccountId is not { } id)
                {
                    return null;
                }

                await using var session = ctx.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession();
                var account = await session.LoadAsync<AccountStatus>(id, ctx.CancellationToken);
                return account is { Active: true } ? account : null;
            });
}
