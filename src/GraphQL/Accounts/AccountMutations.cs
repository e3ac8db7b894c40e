using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Store;
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
            .Description("Signs in with an e-mail and a password. 3 failed attempts block the account for 5 minutes. "
                + "A patient's right password answers SignInCodeRequired: a 6-digit code was e-mailed, and verifySignInCode completes the sign-in.")
            .Argument<NonNullGraphType<StringGraphType>>("email", "The account's e-mail address.")
            .Argument<NonNullGraphType<StringGraphType>>("password", "The account's password.")
            .ResolveAsync(SignIn);

        mutation.Field<NonNullGraphType<SignInResultType>>("verifySignInCode")
            .Description("Completes a patient's sign-in with the e-mailed code (10 minutes, single use, 5 tries). Wrong codes count toward the same block as wrong passwords.")
            .Argument<NonNullGraphType<StringGraphType>>("challenge", "The challenge from SignInCodeRequired.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "The 6-digit code from the e-mail.")
            .ResolveAsync(VerifyCode);

        mutation.Field<NonNullGraphType<BooleanGraphType>>("requestPasswordReset")
            .Description("\"Mot de passe oublié\": e-mails a single-use link (valid one hour) to the address if it has an account. Always answers true.")
            .Argument<NonNullGraphType<StringGraphType>>("email", "The account's e-mail address.")
            .ResolveAsync(async ctx =>
            {
                var user = Limited(ctx);
                var email = ctx.GetArgument<string>("email");
                if (email.Length > MaxEmailLength)
                {
                    throw GraphErrors.BadInput($"The e-mail is at most {MaxEmailLength} characters.");
                }

                await ctx.RequestServices!.GetRequiredService<AccountLinks>()
                    .RequestPasswordReset(email, CommandContext.For(Actor.Anonymous(user.ClientAddress)), ctx.CancellationToken);
                return true;
            });

        mutation.Field<NonNullGraphType<PasswordSetPayloadType>>("setPasswordWithLink")
            .Description("Sets the password with the token of an activation or password-reset link. The link is then spent, with every older one; other sessions end.")
            .Argument<NonNullGraphType<StringGraphType>>("token", "The token of the link (after '#').")
            .Argument<NonNullGraphType<StringGraphType>>("password", "The new password: at least 12 characters, or 8 with three kinds.")
            .ResolveAsync(async ctx =>
            {
                var user = Limited(ctx);
                var password = ctx.GetArgument<string>("password");
                if (password.Length > MaxPasswordLength)
                {
                    throw GraphErrors.BadInput($"A password is at most {MaxPasswordLength} characters.");
                }

                var services = ctx.RequestServices!;
                var accountId = await services.GetRequiredService<AccountLinks>().SetPassword(ctx.GetArgument<string>("token"), password,
                    CommandContext.For(Actor.Anonymous(user.ClientAddress)), ctx.CancellationToken);
                await services.GetRequiredService<IWebSession>().EndOtherSessions(user.Http, accountId);
                await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
                return await session.LoadAsync<AccountStatus>(accountId, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<BooleanGraphType>>("requestNewLink")
            .Description("For the holder of an expired or used link: e-mails a new one to the account's address. Always answers true.")
            .Argument<NonNullGraphType<StringGraphType>>("token", "The token of the old link.")
            .ResolveAsync(async ctx =>
            {
                var user = Limited(ctx);
                await ctx.RequestServices!.GetRequiredService<AccountLinks>().RequestNewLink(ctx.GetArgument<string>("token"),
                    CommandContext.For(Actor.Anonymous(user.ClientAddress)), ctx.CancellationToken);
                return true;
            });

        mutation.Field<NonNullGraphType<BooleanGraphType>>("signOut")
            .Description("Ends the current session. True when a session was ended.")
            .ResolveAsync(async ctx =>
            {
                var user = (EmageUserContext)ctx.UserContext;
                return await ctx.RequestServices!.GetRequiredService<IWebSession>().SignOut(user.Http);
            });
    }

    /// <summary>Every step of signing in, and every link, shares the per-address rate limit.</summary>
    private static EmageUserContext Limited(IResolveFieldContext ctx)
    {
        var user = (EmageUserContext)ctx.UserContext;
        if (!ctx.RequestServices!.GetRequiredService<SignInRateLimiter>().TryAcquire(user.ClientAddress))
        {
            throw GraphErrors.RateLimited();
        }

        return user;
    }

    private static async Task<object?> VerifyCode(IResolveFieldContext<object?> ctx)
    {
        var user = Limited(ctx);
        var challenge = ctx.GetArgument<string>("challenge");
        var code = ctx.GetArgument<string>("code");
        if (challenge.Length > 200 || code.Length > 20)
        {
            throw GraphErrors.BadInput("The challenge or the code is too long.");
        }

        var services = ctx.RequestServices!;
        var outcome = await services.GetRequiredService<SignInHandler>().VerifyCode(challenge, code, user.ClientAddress, ctx.CancellationToken);
        await StartSessionOn(ctx, outcome);
        return outcome;
    }

    private static async Task StartSessionOn(IResolveFieldContext ctx, SignInOutcome outcome)
    {
        if (outcome is SignInOutcome.Succeeded succeeded)
        {
            var services = ctx.RequestServices!;
            await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
            var account = await session.LoadAsync<AccountStatus>(succeeded.AccountId, ctx.CancellationToken)
                ?? throw new InvalidOperationException("A signed-in account has no status document.");
            await services.GetRequiredService<IWebSession>().SignIn(((EmageUserContext)ctx.UserContext).Http, account);
        }
    }

    private static async Task<object?> SignIn(IResolveFieldContext<object?> ctx)
    {
        var services = ctx.RequestServices!;
        var user = Limited(ctx);

        var email = ctx.GetArgument<string>("email");
        var password = ctx.GetArgument<string>("password");
        if (email.Length > MaxEmailLength || password.Length > MaxPasswordLength)
        {
            throw GraphErrors.BadInput($"The e-mail is at most {MaxEmailLength} characters and the password at most {MaxPasswordLength}.");
        }

        var outcome = await services.GetRequiredService<SignInHandler>()
            .SignIn(email, password, user.ClientAddress, ctx.CancellationToken);
        await StartSessionOn(ctx, outcome);
        return outcome;
    }
}
