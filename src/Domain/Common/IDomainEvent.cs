namespace EMage.Domain.Common;

/// <summary>
/// Every event says when it happened in domain time (the command's Now). Time travel replays events
/// by this instant, not by the database's write timestamp.
/// </summary>
public interface IDomainEvent
{
    DateTimeOffset OccurredAt { get; }
}
