using EMage.Domain.Accounts;
using EMage.GraphQL.Schema;
using EMage.GraphQL.Texts;
using EMage.Projections.Accounts;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.GraphQL.Accounts;

public sealed class SignInResultType : UnionGraphType
{
    public SignInResultType()
    {
        Name = "SignInResult";
        Description = "What became of a sign-in attempt.";
        Type<SignInSucceededType>();
        Type<SignInInvalidCredentialsType>();
        Type<SignInBlockedType>();
        Type<SignInAccountDeactivatedType>();
        Type<SignInCodeRequiredType>();
        Type<SignInInvalidCodeType>();
        ResolveType = value => value switch
        {
            SignInOutcome.Succeeded => new GraphQLTypeReference("SignInSucceeded"),
            SignInOutcome.InvalidCredentials => new GraphQLTypeReference("SignInInvalidCredentials"),
            SignInOutcome.Blocked => new GraphQLTypeReference("SignInBlocked"),
            SignInOutcome.Deactivated => new GraphQLTypeReference("SignInAccountDeactivated"),
            SignInOutcome.CodeSent => new GraphQLTypeReference("SignInCodeRequired"),
            SignInOutcome.InvalidCode => new GraphQLTypeReference("SignInInvalidCode"),
            _ => null,
        };
    }
}

public sealed class SignInSucceededType : ObjectGraphType<SignInOutcome.Succeeded>
{
    public SignInSucceededType()
    {
        Name = "SignInSucceeded";
        Description = "Signed in: the session cookie is set.";
        Field<NonNullGraphType<AccountType>>("account")
            .Description("The account now signed in.")
            .ResolveAsync(async ctx =>
            {
                await using var session = ctx.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession();
                return await session.LoadAsync<AccountStatus>(ctx.Source.AccountId, ctx.CancellationToken);
            });
    }
}

public sealed class SignInInvalidCredentialsType : ObjectGraphType<SignInOutcome.InvalidCredentials>
{
    public SignInInvalidCredentialsType()
    {
        Name = "SignInInvalidCredentials";
        Description = "The e-mail and password do not match an account. Unknown addresses get this same answer.";
        Field<NonNullGraphType<StringGraphType>>("message").Description("A message for the user.")
            .Resolve(_ => UserText.Get("InvalidCredentials"));
    }
}

public sealed class SignInBlockedType : ObjectGraphType<SignInOutcome.Blocked>
{
    public SignInBlockedType()
    {
        Name = "SignInBlocked";
        Description = "Too many failed attempts: no attempt is checked until blockedUntil.";
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("blockedUntil").Description("When attempts are checked again.")
            .Resolve(ctx => ctx.Source.Until);
        Field<NonNullGraphType<StringGraphType>>("message").Description("A message for the user.")
            .Resolve(ctx => UserText.Get("Blocked", UserText.InParis(ctx.Source.Until)));
    }
}

public sealed class SignInAccountDeactivatedType : ObjectGraphType<SignInOutcome.Deactivated>
{
    public SignInAccountDeactivatedType()
    {
        Name = "SignInAccountDeactivated";
        Description = "The password is right but the patient deactivated this account. Only given after a correct password.";
        Field<NonNullGraphType<StringGraphType>>("message").Description("A message for the user.")
            .Resolve(_ => UserText.Get("Deactivated"));
    }
}

public sealed class SignInCodeRequiredType : ObjectGraphType<SignInOutcome.CodeSent>
{
    public SignInCodeRequiredType()
    {
        Name = "SignInCodeRequired";
        Description = "The password is right: a 6-digit code was e-mailed. No session yet; verifySignInCode completes the sign-in.";
        Field<NonNullGraphType<StringGraphType>>("challenge").Description("To send back with the code to verifySignInCode.")
            .Resolve(ctx => ctx.Source.Challenge);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("expiresAt").Description("When the code stops working (10 minutes).")
            .Resolve(ctx => ctx.Source.ExpiresAt);
        Field<NonNullGraphType<StringGraphType>>("message").Description("A message for the user.")
            .Resolve(_ => UserText.Get("CodeSent"));
    }
}

public sealed class SignInInvalidCodeType : ObjectGraphType<SignInOutcome.InvalidCode>
{
    public SignInInvalidCodeType()
    {
        Name = "SignInInvalidCode";
        Description = "The code is not right. It counts toward the block, like a wrong password.";
        Field<NonNullGraphType<IntGraphType>>("triesLeft").Description("How many more tries this code allows.")
            .Resolve(ctx => ctx.Source.TriesLeft);
        Field<NonNullGraphType<StringGraphType>>("message").Description("A message for the user.")
            .Resolve(ctx => UserText.Get("InvalidCode", ctx.Source.TriesLeft));
    }
}

public sealed class PasswordSetPayloadType : ObjectGraphType<AccountStatus>
{
    public PasswordSetPayloadType()
    {
        Name = "PasswordSetPayload";
        Description = "The password was set with a link: the account can now sign in.";
        Field(x => x.Email).Description("The address to sign in with.");
    }
}
