using EMage.Domain.Common;

namespace EMage.Projections.Store;

/// <summary>
/// What every append records besides the events: who acted, and which request (correlation) and
/// which earlier message (causation) led to it.
/// </summary>
public sealed record CommandContext(Actor Actor, string CorrelationId, string? CausationId = null)
{
    public static CommandContext For(Actor actor) => new(actor, Guid.NewGuid().ToString("N"));
}
