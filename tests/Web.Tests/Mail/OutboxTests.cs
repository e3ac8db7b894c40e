using EMage.Domain.Mail;
using EMage.Projections.Mail;
using EMage.Web.Mail;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Web.Tests.Mail;

/// <summary>The outbox against a real SMTP server that can refuse: retries, final failure, no duplicate.</summary>
public class OutboxTests(EmageApp app) : IClassFixture<EmageApp>
{
    private const string Reset = "mutation($e: String!) { requestPasswordReset(email: $e) }";

    private async Task<OutboxMessage> LastTo(string to)
    {
        await using var query = app.Store.QuerySession();
        return await query.Query<OutboxMessage>().Where(m => m.To == to).OrderByDescending(m => m.Id).FirstAsync();
    }

    private async Task<IReadOnlyList<object>> EventsOf(Guid outboxId)
    {
        await using var query = app.Store.QuerySession();
        return (await query.Events.FetchStreamAsync(outboxId)).Select(e => e.Data).ToList();
    }

    private Task Deliver() => app.Services.GetRequiredService<OutboxDelivery>().RunDue(CancellationToken.None);

    [Fact]
    public async Task ARefusedMessage_IsRetriedWithBackoff_AndSentOnce_WhenTheServerAccepts()
    {
        var (_, email) = await app.PatientWithAccount();
        app.Mail.RefuseNext(2);
        using var browser = app.Browser();
        await browser.GraphQL(Reset, new { e = email });

        // First try refused (451-class): the message waits 30 s, then 1 min.
        var message = await WaitUntil(email, m => m.Attempts == 1);
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(Outbox.DueTime(message.QueuedAt + OutboxDelivery.BackoffAfter(1)), message.NextAttemptAt);
        Assert.Contains("try again later", message.LastError, StringComparison.Ordinal);
        await Deliver();
        Assert.Equal(1, (await LastTo(email)).Attempts); // not due yet

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await Deliver();
        Assert.Equal(2, (await LastTo(email)).Attempts);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await Deliver();

        var received = await app.Mail.Take(email);
        Assert.Equal("Réinitialisation de votre mot de passe EMage", received.Subject);
        var sent = await LastTo(email);
        Assert.Equal((OutboxStatus.Sent, 3, null, null), (sent.Status, sent.Attempts, sent.Text, sent.Html)); // secrets erased
        var delivered = Assert.IsType<EmailSent>(Assert.Single(await EventsOf(sent.Id)));
        Assert.Equal((sent.MessageId, 3), (delivered.MessageId, delivered.Attempts));
        Assert.Equal(1, app.Mail.CountOf(sent.MessageId));
    }

    [Fact]
    public async Task APermanentRefusal_IsAFinalFailure_RecordedAsAnEvent()
    {
        var (_, email) = await app.PatientWithAccount();
        app.Mail.RefuseNext(1, permanent: true);
        using var browser = app.Browser();
        await browser.GraphQL(Reset, new { e = email });

        var failed = await WaitUntil(email, m => m.Status == OutboxStatus.Failed);
        Assert.Equal((1, null), (failed.Attempts, failed.Text));
        var e = Assert.IsType<EmailDeliveryFailed>(Assert.Single(await EventsOf(failed.Id)));
        Assert.Contains("554", e.Error, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromHours(3));
        await Deliver();
        Assert.Equal(1, (await LastTo(email)).Attempts);
        Assert.Equal(0, app.Mail.CountOf(failed.MessageId));
    }

    [Fact]
    public async Task AfterARestart_NothingIsSentTwice_AndACrashBeforeTheAcknowledgementResendsTheSameMessageId()
    {
        var (_, email) = await app.PatientWithAccount();
        using var browser = app.Browser();
        await browser.GraphQL(Reset, new { e = email });
        var received = await app.Mail.Take(email);
        var sent = await WaitUntil(email, m => m.Status == OutboxStatus.Sent);
        Assert.Equal(received.MessageId, sent.MessageId);

        // A restarted node on the same database delivers what is due: not this message again.
        await using (var restarted = app.SecondNode())
        {
            await restarted.Services.GetRequiredService<OutboxDelivery>().RunDue(CancellationToken.None);
        }

        Assert.Equal(1, app.Mail.CountOf(sent.MessageId));

        // A crash after the SMTP server accepted but before the commit leaves the message pending:
        // it is sent again, with the same Message-ID, so the receiver can drop the duplicate.
        await using (var session = app.Store.LightweightSession())
        {
            var pending = await session.LoadAsync<OutboxMessage>(sent.Id);
            pending!.Status = OutboxStatus.Pending;
            pending.Text = "again";
            session.Store(pending);
            await session.SaveChangesAsync();
        }

        // This node's own delivery job may take the message first (it holds the lock then): either
        // way it is sent once more, and the commit comes after the SMTP server's acceptance.
        await Deliver();
        await WaitUntil(email, m => m.Status == OutboxStatus.Sent);
        await Deliver();
        Assert.Equal(2, app.Mail.CountOf(sent.MessageId));
        Assert.All(app.Mail.Received.Where(m => m.MessageId == sent.MessageId), m => Assert.Equal(received.Subject, m.Subject));
    }

    [Fact]
    public async Task ARefusedCommand_QueuesNoMail()
    {
        var w = await app.World();
        using var patient = await app.PatientBrowser(w);
        var before = app.Mail.Received.Count;
        foreach (var (variables, code) in new (object, string)[]
                 {
                     (new { exam = w.ExamCt, to = "pas-une-adresse", days = 7 }, "INVALID_EMAIL"),
                     (new { exam = w.ExamCt, to = "ami@example.fr", days = 31 }, "INVALID_DURATION"),
                     (new { exam = Guid.NewGuid(), to = "ami@example.fr", days = 7 }, "EXAM_NOT_FOUND"),
                 })
        {
            var answer = await patient.GraphQL("mutation($exam: ID!, $to: String!, $days: Int!) { shareExam(examId: $exam, recipientEmail: $to, days: $days) { id } }", variables);
            Assert.Equal(code, (string?)answer["errors"]![0]!["extensions"]!["code"]);
        }

        await using var query = app.Store.QuerySession();
        Assert.False(await query.Query<OutboxMessage>().AnyAsync(m => m.Kind == "share-invitation"));
        await Deliver();
        Assert.Equal(before, app.Mail.Received.Count);
    }

    private async Task<OutboxMessage> WaitUntil(string to, Func<OutboxMessage, bool> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var query = app.Store.QuerySession();
            var message = await query.Query<OutboxMessage>().Where(m => m.To == to).OrderByDescending(m => m.Id).FirstOrDefaultAsync();
            if (message is not null && condition(message)) return message;
            await Task.Delay(100);
        }

        throw new TimeoutException($"The outbox message to {to} never reached the expected state.");
    }
}
