using Marten;
using Marten.Services;

namespace EMage.Projections.Mail;

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// One e-mail to send, stored in the same transaction as the event that causes it, so that no
/// e-mail is lost and none is sent for a command that failed. The delivery job sends it, retries
/// with backoff, and records the outcome as an event of the message's own stream. Bodies carry
/// secrets (links, codes): they are erased once the message is delivered or given up.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>The RFC 5322 Message-ID, the same on every try: a receiver can drop a duplicate.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>What the message is for (activation, password-reset, sign-in-code, share-invitation, ...).</summary>
    public string Kind { get; set; } = "";

    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string? Text { get; set; }
    public string? Html { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }

    public static void Configure(StoreOptions opts) =>
        opts.Schema.For<OutboxMessage>().Index(x => x.NextAttemptAt).Index(x => x.Status);
}

/// <summary>Written by <see cref="Outbox.Enqueue"/>; what a message says.</summary>
public sealed record Email(string Kind, string To, string Subject, string Text, string Html);

public static class Outbox
{
    /// <summary>
    /// A due time stored at whole milliseconds: PostgreSQL keeps microseconds and rounds the
    /// 100-ns ticks of the JSON text when it compares, which could put a message due "now" a
    /// fraction of a microsecond in the future.
    /// </summary>
    public static DateTimeOffset DueTime(DateTimeOffset at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), at.Offset);

    /// <summary>Adds a message to the session's unit of work: it is committed with the events, or not at all.</summary>
    public static OutboxMessage Enqueue(IDocumentSession session, Email email, DateTimeOffset now, string domain)
    {
        var id = Guid.CreateVersion7();
        var message = new OutboxMessage
        {
            Id = id,
            MessageId = $"{id:N}@{domain}",
            Kind = email.Kind,
            To = email.To,
            Subject = email.Subject,
            Text = email.Text,
            Html = email.Html,
            Status = OutboxStatus.Pending,
            QueuedAt = now,
            NextAttemptAt = DueTime(now),
        };
        session.Store(message);
        return message;
    }
}

/// <summary>
/// Wakes the delivery job as soon as a transaction that queued e-mail commits (on this node; the
/// job's schedule covers the other nodes and the retries).
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up delivers everything that is due.
        }
    }

    public Task<bool> Wait(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}

/// <summary>Calls <see cref="OutboxSignal.Notify"/> after a commit that stored outbox messages.</summary>
public sealed class OutboxCommitListener(OutboxSignal signal) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.Inserted.OfType<OutboxMessage>().Any() || commit.Updated.OfType<OutboxMessage>().Any(m => m.Status == OutboxStatus.Pending))
        {
            signal.Notify();
        }

        return Task.CompletedTask;
    }
}
