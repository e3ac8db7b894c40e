using GraphQL.Validation;
using GraphQLParser.AST;

namespace EMage.GraphQL.Schema;

/// <summary>
/// A request holds at most one sign-in step (password, code, link): aliases (`a: signIn(...) b: signIn(...)`)
/// would otherwise turn one request into many guesses behind a single rate-limit permit.
/// </summary>
public sealed class OneSignInPerRequestRule : ValidationRuleBase
{
    private static readonly HashSet<string> Guarded =
        ["signIn", "verifySignInCode", "requestPasswordReset", "setPasswordWithLink", "requestNewLink"];

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var seen = 0;
        INodeVisitor visitor = new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
        {
            if (Guarded.Contains(field.Name.StringValue) && ++seen == 2)
            {
                ctx.ReportError(new ValidationError(ctx.Document.Source, "ONE_SIGN_IN", "A request may hold only one sign-in step.", field)
                {
                    Code = "ONE_SIGN_IN",
                });
            }
        });
        return ValueTask.FromResult<INodeVisitor?>(visitor);
    }
}
