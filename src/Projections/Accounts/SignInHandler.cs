using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Accounts;

/// <summary>
/// Runs one sign-in attempt. Attempts on the same stream are serialised by a PostgreSQL advisory
/// lock held for the attempt's transaction, so the lockout holds across requests and across nodes:
/// of twenty simultaneous wrong attempts, three reach the password check and the rest are refused.
/// </summary>
public sealed class SignInHandler(IDocumentStore store, PasswordHashing hashing, UnknownEmailStreams unknown, TimeProvider clock)
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

        var (state, version) = await EventStreamWriter.Load(session, streamId, Account.Initial, Account.Evolve, ct);
        var now = clock.GetUtcNow();
        bool? matched = AccountRules.MustCheckPassword(state, now)
            ? hashing.Verify(login?.PasswordHash, password)
            : null;

        var events = AccountDecider.Decide(new AttemptSignIn(streamId, matched, clientAddress, now, context.Actor), state);
        EventStreamWriter.Append(session, streamId, version, events);
        await session.SaveChangesAsync(ct);
        return SignInOutcome.From(events);
    }
}
