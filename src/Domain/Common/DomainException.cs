namespace EMage.Domain.Common;

/// <summary>
/// The one exception a decider throws when a command breaks a rule. <see cref="Code"/> is stable and
/// machine-readable (it becomes <c>extensions.code</c> in GraphQL); the message is for developers and
/// never names a resource the caller may not know exists.
/// </summary>
public sealed class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
