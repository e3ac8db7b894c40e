using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace EMage.Testing;

/// <summary>
/// A real SMTP server on a loopback socket (the SmtpServer package), holding what it receives.
/// It can be told to refuse the next messages with a transient (4xx) or permanent (5xx) reply.
/// </summary>
public sealed partial class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _running;
    private int _refuseTransient;
    private int _refusePermanent;

    public TestSmtpServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => [.. _received];

    /// <summary>How many times a message was received per Message-ID (a duplicate shows as 2).</summary>
    public int CountOf(string messageId) => _received.Count(m => m.MessageId == messageId);

    private readonly ConcurrentDictionary<MimeMessage, bool> _taken = new();

    /// <summary>Waits for a message to <paramref name="to"/> not taken before, and takes it (so the next call waits for a newer one).</summary>
    public async Task<MimeMessage> Take(string to, Func<MimeMessage, bool>? match = null, TimeSpan? timeout = null)
    {
        var message = await WaitFor(to, m => !_taken.ContainsKey(m) && (match?.Invoke(m) ?? true), timeout);
        _taken[message] = true;
        return message;
    }

    public void RefuseNext(int count, bool permanent = false)
    {
        if (permanent) Interlocked.Exchange(ref _refusePermanent, count);
        else Interlocked.Exchange(ref _refuseTransient, count);
    }

    /// <summary>Waits for a message to <paramref name="to"/> matching <paramref name="match"/>.</summary>
    public async Task<MimeMessage> WaitFor(string to, Func<MimeMessage, bool>? match = null, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = _received.LastOrDefault(m => m.To.Mailboxes.Any(x => x.Address.Equals(to, StringComparison.OrdinalIgnoreCase)) && (match?.Invoke(m) ?? true));
            if (found is not null) return found;
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No e-mail to {to} arrived; received: {string.Join(", ", _received.Select(m => $"{m.To} '{m.Subject}'"))}");
            }

            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>The link (https?://...) in a message's text.</summary>
    public static string LinkIn(MimeMessage message) => LinkPattern().Match(message.TextBody ?? "").Value;

    /// <summary>The token in a link's fragment.</summary>
    public static string TokenIn(MimeMessage message) => LinkIn(message).Split('#', 2)[1];

    /// <summary>The 6-digit code of a code e-mail.</summary>
    public static string CodeIn(MimeMessage message) => CodePattern().Match(message.TextBody ?? "").Groups[1].Value;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
        _stop.Dispose();
        _arrived.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"code [^:]*: (\d{6})")]
    private static partial Regex CodePattern();

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref server._refusePermanent) >= 0)
            {
                return new SmtpResponse(SmtpReplyCode.TransactionFailed, "refused for good by the test");
            }

            if (Interlocked.Decrement(ref server._refuseTransient) >= 0)
            {
                return new SmtpResponse(SmtpReplyCode.InsufficientStorage, "try again later (test)");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            server._received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            server._arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}
