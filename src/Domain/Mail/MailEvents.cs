using System.Text.Json.Serialization;
using EMage.Domain.Common;

namespace EMage.Domain.Mail;

// One stream per outgoing e-mail, its id the outbox message's id. The message itself (with its
// secrets) is a document of the outbox, written in the same transaction as the event that caused it.

/// <summary>The SMTP server accepted the message. <see cref="MessageId"/> is the same on every try, so receivers can drop a duplicate.</summary>
public sealed record EmailSent(Guid OutboxId, string MessageId, string Kind, string To, int Attempts, DateTimeOffset SentAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => SentAt;
}

/// <summary>Delivery was given up: a permanent refusal, or too many transient failures.</summary>
public sealed record EmailDeliveryFailed(
    Guid OutboxId, string MessageId, string Kind, string To, int Attempts, string Error, DateTimeOffset FailedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => FailedAt;
}
