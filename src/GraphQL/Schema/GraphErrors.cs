using EMage.Domain.Common;
using EMage.GraphQL.Texts;
using GraphQL;

namespace EMage.GraphQL.Schema;

/// <summary>The one mapping from failures to GraphQL errors with a machine-readable extensions.code.</summary>
public static class GraphErrors
{
    public static ExecutionError From(DomainException e) => new(e.Message) { Code = e.Code };

    public static ExecutionError BadInput(string message) => new(message) { Code = "BAD_USER_INPUT" };

    public static ExecutionError Unauthenticated() => new(UserText.Get("Unauthenticated")) { Code = "UNAUTHENTICATED" };

    public static ExecutionError Forbidden() => new(UserText.Get("Forbidden")) { Code = "FORBIDDEN" };

    public static ExecutionError RateLimited() => new(UserText.Get("RateLimited")) { Code = "RATE_LIMITED" };

    public static ExecutionError Internal() => new("An internal error occurred.") { Code = "INTERNAL_SERVER_ERROR" };
}
