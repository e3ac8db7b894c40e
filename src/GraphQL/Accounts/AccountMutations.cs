using EMage.Domain.Accounts;
using EMage.GraphQL.Schema;
using EMage.Projections.Accounts;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.GraphQL.Accounts;

public static class AccountMutations
{
    private const int MaxEmailLength = 254;
    private const int MaxPasswordLength = 256;

    public static void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SignInResultType>>("signIn")
            .Description("Signs in with an e-mail and a password. 3 failed attempts block the account for 5 minutes.")
            .Argument<NonNullGraphType<StringGraphType>>("email", "The account's e-mail address.")
            .Argument<NonNullGraphType<StringGraphType>>("password", "The account's password.")
            .ResolveAsync(SignIn);

        mutation.Field<NonNullGraphType<BooleanGraphType>>("signOut")
            .Description("Ends the current session. True when a session was ended.")
            .ResolveAsync(async ctx =>
            {
                var user = (EmageUserContext)ctx.UserContext;
                return await ctx.RequestServices!.GetRequiredService<IWebSession>().SignOut(user.Http);
            });
    }

    private static async Task<object?> SignIn(IResolveFieldContext<object?> ctx)
    {
        var services = ctx.RequestServices!;
        var user = (EmageUserContext)ctx.UserContext;
        if (!services.GetRequiredService<SignInRateLimiter>().TryAcquire(user.ClientAddress))
        {
            throw GraphErrors.RateLimited();
        }

        var email = ctx.GetArgument<string>("email");
        var password = ctx.GetArgument<string>("password");
        if (email.Length > MaxEmailLength || password.Length > MaxPasswordLength)
        {
            throw GraphErrors.BadInput($"The e-mail is at most {MaxEmailLength} characters and the password at most {MaxPasswordLength}.");
        }

        var outcome = await services.GetRequiredService<SignInHandler>()
            .SignIn(email, password, user.ClientAddress, ctx.CancellationToken);
        if (outcome is SignInOutcome.Succeeded succeeded)
        {
            await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
            var account = await session.LoadAsync<AccountStatus>(succeeded.AccountId, ctx.CancellationToken)
                ?? throw new InvalidOperationException("A signed-in account has no status document.");
            await services.GetRequiredService<IWebSession>().SignIn(user.Http, account);
        }

        return outcome;
    }
}
