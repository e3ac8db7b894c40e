using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Mail;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Accounts;

/// <summary>
/// Runs one sign-in attempt. Attempts on the same stream are serialised by a PostgreSQL advisory
/// lock held for the attempt's transaction, so the lockout holds across requests and across nodes:
/// of twenty simultaneous wrong attempts, three reach the password check and the rest are refused.
/// A patient's right password sends a 6-digit code by e-mail (outbox, same transaction); the
/// sign-in completes with <see cref="VerifyCode"/>, whose wrong codes count toward the same block.
/// </summary>
public sealed class SignInHandler(IDocumentStore store, EventStreamWriter writer, PasswordHashing hashing, UnknownEmailStreams unknown, MailTemplates mail, TimeProvider clock)
{
    public async Task<SignInOutcome> SignIn(string email, string password, string clientAddress, CancellationToken ct = default)
    {
        var normalized = AccountRules.NormalizeEmail(email);
        var context = CommandContext.For(Actor.Anonymous(clientAddress));

        await using var session = store.LightweightSession();
        EmageStore.Stamp(session, context);
        await session.BeginTransactionAsync(ct);

        var login = normalized.Length == 0
            ? null
            : await session.Query<AccountLogin>().FirstOrDefaultAsync(x => x.Email == normalized, ct);
        var streamId = login?.Id ?? unknown.IdFor(normalized);
        await EventStreamWriter.LockStream(session, streamId, ct);

        var loaded = await writer.LoadForWrite(session, streamId, Account.Initial, Account.Evolve, ct);
        var state = loaded.State;
        var now = clock.GetUtcNow();
        bool? matched = AccountRules.MustCheckPassword(state, now)
            ? hashing.Verify(login?.PasswordHash, password)
            : null;

        var challengeSecret = Secrets.NewToken();
        var code = StreamToken.NewCode();
        var events = AccountDecider.Decide(
            new AttemptSignIn(streamId, matched, clientAddress, now, context.Actor, (Secrets.Hash(challengeSecret), StreamToken.CodeHash(challengeSecret, code))),
            state);
        writer.AppendAndSnapshot(session, streamId, loaded, events, Account.Evolve);
        var outcome = SignInOutcome.From(events);
        if (outcome is SignInOutcome.CodeSent sent)
        {
            Outbox.Enqueue(session, mail.SignInCode(state.Email, code, sent.ExpiresAt), now, mail.Domain);
            outcome = sent with { Challenge = StreamToken.Create(streamId, challengeSecret) };
        }

        await session.SaveChangesAsync(ct);
        return outcome;
    }

    /// <summary>The second step: the challenge from <see cref="SignIn"/> and the e-mailed code.</summary>
    public async Task<SignInOutcome> VerifyCode(string challenge, string code, string clientAddress, CancellationToken ct = default)
    {
        if (!StreamToken.TryParse(challenge, out var accountId, out var challengeSecret))
        {
            throw AccountRules.CodeExpired();
        }

        var context = CommandContext.For(Actor.Anonymous(clientAddress));
        await using var session = store.LightweightSession();
        EmageStore.Stamp(session, context);
        await session.BeginTransactionAsync(ct);
        await EventStreamWriter.LockStream(session, accountId, ct);
        var loaded = await writer.LoadForWrite(session, accountId, Account.Initial, Account.Evolve, ct);
        var state = loaded.State;
        var events = AccountDecider.Decide(
            new VerifySignInCode(accountId, Secrets.Hash(challengeSecret), StreamToken.CodeHash(challengeSecret, code), clientAddress,
                clock.GetUtcNow(), context.Actor),
            state);
        writer.AppendAndSnapshot(session, accountId, loaded, events, Account.Evolve);
        await session.SaveChangesAsync(ct);
        var outcome = SignInOutcome.From(events);
        return outcome is SignInOutcome.InvalidCode
            ? new SignInOutcome.InvalidCode(AccountRules.MaxCodeTries - events.Aggregate(state, Account.Evolve).Challenge!.WrongCodes)
            : outcome;
    }
}
