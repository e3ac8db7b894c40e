using EMage.Domain.Mail;
using EMage.Projections.Mail;
using EMage.Projections.Store;
using Marten;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace EMage.Web.Mail;

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it.</summary>
    Auto,
    None,
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>The "Mail" section: SMTP, or a local mailbox directory when no SMTP host is set.</summary>
public sealed class MailOptions
{
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "ne-pas-repondre@emage.local";
    public string FromName { get; set; } = "EMage";

    /// <summary>With no SMTP host: where messages are written as .eml files (default $EMAGE_DATA/mailbox).</summary>
    public string? MailboxDirectory { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Hands one message to the outside world; throws on failure (<see cref="PermanentMailFailureException"/> when retrying is useless).</summary>
public interface IMailTransport
{
    Task Send(MimeMessage message, CancellationToken ct);
}

public sealed class PermanentMailFailureException(string message, Exception inner) : Exception(message, inner);

/// <summary>SMTP with MailKit: one connection per delivery run would do; one per message keeps failures apart.</summary>
public sealed class SmtpTransport(MailOptions options) : IMailTransport
{
    public async Task Send(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.SmtpHost ?? "localhost", options.SmtpPort, options.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            }, ct);
            if (options.UserName is { Length: > 0 } user)
            {
                await client.AuthenticateAsync(user, options.Password ?? "", ct);
            }

            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            throw new PermanentMailFailureException($"{(int)e.StatusCode} {e.Message}", e);
        }
    }
}

/// <summary>Development without SMTP: each message is an .eml file in a directory (read it at /dev/mailbox).</summary>
public sealed class MailboxDirectoryTransport(string directory) : IMailTransport
{
    public string Directory { get; } = directory;

    public async Task Send(MimeMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{(message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0]}.eml";
        var temp = Path.Combine(Directory, name + ".tmp");
        await message.WriteToAsync(temp, ct);
        File.Move(temp, Path.Combine(Directory, name), overwrite: true);
    }
}

/// <summary>
/// Delivers the outbox. Each message is delivered inside a transaction that holds an advisory lock
/// on it, so two nodes never send it at once; the outcome is written in that same transaction. A
/// crash between the SMTP server's acceptance and the commit resends the message with the same
/// Message-ID (SMTP's own at-least-once; receivers drop the duplicate): nothing more is ever sent.
/// </summary>
public sealed class OutboxDelivery(IDocumentStore store, IMailTransport transport, MailOptions options, TimeProvider clock, ILogger<OutboxDelivery> log)
{
    public const int BatchSize = 50;

    private static readonly TimeSpan[] Backoff =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2),
    ];

    public static TimeSpan BackoffAfter(int attempts) => Backoff[Math.Clamp(attempts - 1, 0, Backoff.Length - 1)];

    /// <summary>Delivers what is due; returns how many messages were handled (sent, failed or postponed).</summary>
    public async Task<int> RunDue(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<Guid> due;
        await using (var query = store.QuerySession())
        {
            due = await query.Query<OutboxMessage>()
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                .OrderBy(m => m.NextAttemptAt).Take(BatchSize).Select(m => m.Id).ToListAsync(ct);
        }

        var handled = 0;
        foreach (var id in due)
        {
            if (await DeliverOne(id, ct))
            {
                handled++;
            }
        }

        return handled;
    }

    private async Task<bool> DeliverOne(Guid id, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        EmageStore.Stamp(session, CommandContext.For(EMage.Domain.Common.Actor.System("outbox")));
        await session.BeginTransactionAsync(ct);
        var key = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(id.ToByteArray());
        var locked = await session.AdvancedSql.QueryAsync<bool>("select pg_try_advisory_xact_lock(?)", ct, key);
        if (!locked[0])
        {
            return false;
        }

        var message = await session.LoadAsync<OutboxMessage>(id, ct);
        var now = clock.GetUtcNow();
        if (message is not { Status: OutboxStatus.Pending } || message.NextAttemptAt > now)
        {
            return false;
        }

        message.Attempts++;
        try
        {
            MimeMessage mime;
            try
            {
                mime = ToMime(message);
            }
            catch (ParseException e)
            {
                throw new PermanentMailFailureException("The recipient's address cannot be parsed.", e);
            }

            await transport.Send(mime, ct);
            message.Status = OutboxStatus.Sent;
            message.SentAt = now;
            message.LastError = null;
            session.Events.Append(id, new EmailSent(id, message.MessageId, message.Kind, message.To, message.Attempts, now));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            message.LastError = e.Message;
            if (e is PermanentMailFailureException || message.Attempts >= options.MaxAttempts)
            {
                message.Status = OutboxStatus.Failed;
                session.Events.Append(id, new EmailDeliveryFailed(id, message.MessageId, message.Kind, message.To, message.Attempts, e.Message, now));
                log.LogError(e, "E-mail {MessageId} ({Kind}) given up after {Attempts} attempts", message.MessageId, message.Kind, message.Attempts);
            }
            else
            {
                message.NextAttemptAt = Outbox.DueTime(now + BackoffAfter(message.Attempts));
                log.LogWarning("E-mail {MessageId} ({Kind}) attempt {Attempts} failed, next at {Next}: {Error}",
                    message.MessageId, message.Kind, message.Attempts, message.NextAttemptAt, e.Message);
            }
        }

        if (message.Status != OutboxStatus.Pending)
        {
            // Links and codes live no longer than needed.
            message.Text = null;
            message.Html = null;
        }

        session.Store(message);
        await session.SaveChangesAsync(ct);
        return true;
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage
        {
            MessageId = message.MessageId,
            Subject = message.Subject,
            Date = message.QueuedAt,
            Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody(),
        };
        mime.From.Add(new MailboxAddress(options.FromName, options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        return mime;
    }
}
