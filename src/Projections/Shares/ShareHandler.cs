using System.Security.Cryptography;
using System.Text;
using EMage.Domain.Shares;
using EMage.Projections.Dossiers;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Shares;

public sealed record CreatedShare(Guid ShareId, string Secret, DateTimeOffset ExpiresAt);

/// <summary>Shares of one exam with a trusted person: the secret is returned once and only its hash is kept.</summary>
public sealed class ShareHandler(IDocumentStore store, EventStreamWriter writer, TimeProvider clock)
{
    public async Task<CreatedShare> Share(Guid accountId, Guid examId, string recipientEmail, string? message, int days,
        CommandContext context, CancellationToken ct = default)
    {
        var patientId = await DossierHandler.PatientOf(store, accountId, ct);
        string? label;
        await using (var query = store.QuerySession())
        {
            label = (await query.LoadAsync<PatientExams>(patientId, ct))?.Exam(examId)?.Label;
        }

        var shareId = Guid.CreateVersion7();
        var secret = Secrets.NewToken();
        var command = new ShareExam(shareId, patientId, examId, label, recipientEmail, message, days, Secrets.Hash(secret), clock.GetUtcNow(), context.Actor);
        var events = await writer.Execute(shareId, Domain.Shares.Share.Initial, Domain.Shares.Share.Evolve,
            s => ShareDecider.Decide(command, s), context, expectNew: true, ct: ct);
        return new CreatedShare(shareId, secret, ((ExamShared)events[0]).ExpiresAt);
    }

    /// <summary>The recipient presents the link's secret: each use is an event the patient sees in the history.</summary>
    public async Task<ShareUsed> Use(Guid shareId, string secret, CommandContext context, CancellationToken ct = default)
    {
        var events = await writer.Execute(shareId, Domain.Shares.Share.Initial, Domain.Shares.Share.Evolve,
            s => ShareDecider.Decide(new UseShare(shareId, Secrets.Hash(secret), clock.GetUtcNow(), context.Actor), s), context, ct: ct);
        return (ShareUsed)events[0];
    }

    public async Task Revoke(Guid accountId, Guid shareId, CommandContext context, CancellationToken ct = default)
    {
        var patientId = await DossierHandler.PatientOf(store, accountId, ct);
        await writer.Execute(shareId, Domain.Shares.Share.Initial, Domain.Shares.Share.Evolve,
            s => ShareDecider.Decide(new RevokeShare(shareId, patientId, clock.GetUtcNow(), context.Actor), s), context, ct: ct);
    }

    public Task Expire(Guid shareId, CommandContext context, CancellationToken ct = default) =>
        writer.Execute(shareId, Domain.Shares.Share.Initial, Domain.Shares.Share.Evolve,
            s => ShareDecider.Decide(new ExpireShare(shareId, clock.GetUtcNow(), context.Actor), s), context, ct: ct);

}
