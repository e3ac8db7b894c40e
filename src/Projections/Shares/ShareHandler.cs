using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Domain.Shares;
using EMage.Projections.Accounts;
using EMage.Projections.Dossiers;
using EMage.Projections.Mail;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Shares;

public sealed record CreatedShare(Guid ShareId, DateTimeOffset ExpiresAt);

/// <summary>The code step of a share: what the recipient is told (the address is masked).</summary>
public sealed record ShareCodeChallenge(string Challenge, DateTimeOffset ExpiresAt, string SentTo);

/// <summary>
/// Shares of one exam with a trusted person. The invitation goes by e-mail (outbox, same
/// transaction) with a link whose secret only the e-mail holds; opening it sends a one-time code to
/// the same address, and the right code is a use of the share (a share session starts).
/// </summary>
public sealed class ShareHandler(IDocumentStore store, EventStreamWriter writer, MailTemplates mail, TimeProvider clock)
{
    public async Task<CreatedShare> Share(Guid accountId, Guid examId, string recipientEmail, string? message, int days,
        CommandContext context, CancellationToken ct = default)
    {
        var patientId = await DossierHandler.PatientOf(store, accountId, ct);
        string? label;
        string patientName;
        await using (var query = store.QuerySession())
        {
            label = (await query.LoadAsync<PatientExams>(patientId, ct))?.Exam(examId)?.Label;
            patientName = (await query.LoadAsync<AccountStatus>(accountId, ct))?.DisplayName ?? "";
        }

        var shareId = Guid.CreateVersion7();
        var secret = Secrets.NewToken();
        var command = new ShareExam(shareId, patientId, examId, label, recipientEmail, message, days, Secrets.Hash(secret), clock.GetUtcNow(), context.Actor);
        var events = await writer.Execute(shareId, Domain.Shares.Share.Initial, Domain.Shares.Share.Evolve,
            s => ShareDecider.Decide(command, s), context,
            (session, _, decided) =>
            {
                var shared = (ExamShared)decided[0];
                Outbox.Enqueue(session,
                    mail.ShareInvitation(shared.RecipientEmail, patientName, shared.ExamLabel, shared.Message, StreamToken.Create(shareId, secret), shared.ExpiresAt),
                    shared.SharedAt, mail.Domain);
            },
            expectNew: true, ct: ct);
        return new CreatedShare(shareId, ((ExamShared)events[0]).ExpiresAt);
    }

    /// <summary>The link's holder asks to open it: a code goes to the recipient's address.</summary>
    public async Task<ShareCodeChallenge> RequestCode(string link, CommandContext context, CancellationToken ct = default)
    {
        if (!StreamToken.TryParse(link, out var shareId, out var secret))
        {
            throw ShareDecider.NotFound();
        }

        var challengeSecret = Secrets.NewToken();
        var code = StreamToken.NewCode();
        var events = await writer.Execute(shareId, Domain.Shares.Share.Initial, Domain.Shares.Share.Evolve,
            s => ShareDecider.Decide(new RequestShareCode(shareId, Secrets.Hash(secret), Secrets.Hash(challengeSecret),
                StreamToken.CodeHash(challengeSecret, code), clock.GetUtcNow(), context.Actor), s),
            context,
            (session, state, decided) =>
            {
                var sent = (ShareCodeSent)decided[0];
                Outbox.Enqueue(session, mail.ShareCode(state.Recipient, code, sent.ExpiresAt), sent.SentAt, mail.Domain);
            }, ct: ct);
        var codeSent = (ShareCodeSent)events[0];
        await using var query = store.QuerySession();
        var (share, _) = await EventStreamWriter.Load(query, shareId, Domain.Shares.Share.Initial, Domain.Shares.Share.Evolve, ct);
        return new ShareCodeChallenge(StreamToken.Create(shareId, challengeSecret), codeSent.ExpiresAt, Mask(share.Recipient));
    }

    /// <summary>
    /// The recipient's code: right, a <see cref="ShareUsed"/> (in the patient's history) and the
    /// share; wrong, the failure is recorded and CODE_INVALID says how many tries are left.
    /// </summary>
    public async Task<Share> VerifyCode(string challenge, string code, CommandContext context, CancellationToken ct = default)
    {
        if (!StreamToken.TryParse(challenge, out var shareId, out var challengeSecret))
        {
            throw ShareDecider.CodeExpired();
        }

        Share after = Domain.Shares.Share.Initial;
        var events = await writer.Execute(shareId, Domain.Shares.Share.Initial, Domain.Shares.Share.Evolve,
            s => ShareDecider.Decide(new VerifyShareCode(shareId, Secrets.Hash(challengeSecret), StreamToken.CodeHash(challengeSecret, code),
                clock.GetUtcNow(), context.Actor), s),
            context,
            (_, state, decided) => after = decided.Aggregate(state, Domain.Shares.Share.Evolve), ct: ct);
        if (events is [ShareCodeFailed failed])
        {
            var left = ShareDecider.MaxCodeTries - after.Challenges.Single(c => c.ChallengeHash == failed.ChallengeHash).WrongCodes;
            throw new DomainException("CODE_INVALID", $"This code is not right. {left} tries left.");
        }

        return after;
    }

    /// <summary>The share as it stands now (folded from its stream): whether it still opens.</summary>
    public async Task<Share> Current(Guid shareId, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        return (await EventStreamWriter.Load(query, shareId, Domain.Shares.Share.Initial, Domain.Shares.Share.Evolve, ct)).State;
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

    /// <summary>"m•••@exemple.fr": enough for the recipient to know which mailbox to look in.</summary>
    public static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "•••" : email[0] + "•••" + email[at..];
    }
}
