using System.Security.Cryptography;
using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Mail;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Accounts;

/// <summary>
/// A secret handed to someone by e-mail, written <c>{stream id}.{secret}</c>: the id says which
/// stream to decide on, the secret (256 bits, only its hash kept) proves the holder got the e-mail.
/// </summary>
public static class StreamToken
{
    public static string Create(Guid streamId, string secret) => $"{streamId:N}.{secret}";

    public static bool TryParse(string? token, out Guid streamId, out string secret)
    {
        streamId = Guid.Empty;
        secret = "";
        if (token is not { Length: > 33 and < 200 } || token[32] != '.' || !Guid.TryParseExact(token.AsSpan(0, 32), "N", out streamId))
        {
            return false;
        }

        secret = token[33..];
        return true;
    }

    /// <summary>A 6-digit one-time code.</summary>
    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The hash kept of a code: keyed by the challenge's secret, which is never stored.</summary>
    public static string CodeHash(string challengeSecret, string code) => Secrets.Hash(challengeSecret + ":" + code.Trim());
}

/// <summary>
/// Single-use links by e-mail: the activation link of a new patient account, and password reset.
/// Each link's e-mail is written to the outbox in the same transaction as its event.
/// </summary>
public sealed class AccountLinks(
    IDocumentStore store, EventStreamWriter writer, MailTemplates mail, UnknownEmailStreams unknown, PasswordHashing hashing, TimeProvider clock)
{
    /// <summary>
    /// Provisions a patient's account and sends its activation link, in the caller's session (the
    /// publication that brings the patient's first e-mail). Nothing when the patient already has an
    /// account or the address belongs to another account.
    /// </summary>
    public async Task<Action<IDocumentSession>?> PrepareActivation(Guid patientId, string email, string displayName, CommandContext context, CancellationToken ct)
    {
        var normalized = AccountRules.NormalizeEmail(email);
        await using (var query = store.QuerySession())
        {
            if (await query.Query<AccountStatus>().AnyAsync(a => a.PatientId == patientId, ct)
                || await query.Query<AccountLogin>().AnyAsync(a => a.Email == normalized, ct))
            {
                return null;
            }
        }

        var accountId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var secret = Secrets.NewToken();
        var state = Account.Initial;
        var events = new List<object>();
        foreach (var command in new AccountCommand[]
                 {
                     new ProvisionAccount(accountId, normalized, AccountRole.Patient, displayName, patientId, now, context.Actor),
                     new SendLink(accountId, LinkPurpose.Activation, Secrets.Hash(secret), now, context.Actor),
                 })
        {
            var decided = AccountDecider.Decide(command, state);
            state = decided.Aggregate(state, Account.Evolve);
            events.AddRange(decided);
        }

        var sent = events.OfType<AccountLinkSent>().Single();
        return session =>
        {
            session.Events.StartStream(accountId, events);
            session.Store(new AccountLogin { Id = accountId, Email = normalized });
            Outbox.Enqueue(session, mail.Activation(normalized, displayName, StreamToken.Create(accountId, secret), sent.ExpiresAt), now, mail.Domain);
        };
    }

    /// <summary>"Mot de passe oublié": the same answer, and a comparable write, whether or not the address has an account.</summary>
    public async Task RequestPasswordReset(string email, CommandContext context, CancellationToken ct = default)
    {
        var normalized = AccountRules.NormalizeEmail(email);
        AccountLogin? login;
        await using (var query = store.QuerySession())
        {
            login = normalized.Length == 0 ? null : await query.Query<AccountLogin>().FirstOrDefaultAsync(a => a.Email == normalized, ct);
        }

        if (login is null)
        {
            var streamId = unknown.IdFor(normalized);
            await writer.Record(streamId, [new PasswordResetIgnored(streamId, "unknown", clock.GetUtcNow())], context, ct);
            return;
        }

        var sent = await Send(login.Id, LinkPurpose.PasswordReset, context, ct);
        if (!sent)
        {
            await writer.Record(login.Id, [new PasswordResetIgnored(login.Id, "throttled-or-inactive", clock.GetUtcNow())], context, ct);
        }
    }

    /// <summary>
    /// A new link for the holder of an old one (expired, used, or still valid) of a real account.
    /// Says nothing either way: a forged token simply sends nothing.
    /// </summary>
    public async Task RequestNewLink(string token, CommandContext context, CancellationToken ct = default)
    {
        if (!StreamToken.TryParse(token, out var accountId, out var secret))
        {
            return;
        }

        await using var query = store.QuerySession();
        var (state, _) = await EventStreamWriter.Load(query, accountId, Account.Initial, Account.Evolve, ct);
        var hash = Secrets.Hash(secret);
        if (state.Links.FirstOrDefault(l => AccountRules.SameHash(l.TokenHash, hash)) is { } link)
        {
            await Send(accountId, state.HasPassword ? LinkPurpose.PasswordReset : link.Purpose, context, ct);
        }
    }

    /// <summary>Sets the password with a link's token; returns the account. Every other link is spent.</summary>
    public async Task<Guid> SetPassword(string token, string newPassword, CommandContext context, CancellationToken ct = default)
    {
        if (!StreamToken.TryParse(token, out var accountId, out var secret))
        {
            throw AccountRules.LinkInvalid();
        }

        string? hash = null;
        await writer.Execute(accountId, Account.Initial, Account.Evolve,
            s => AccountDecider.Decide(new SetPasswordWithLink(accountId, Secrets.Hash(secret), newPassword, clock.GetUtcNow(), context.Actor), s),
            context,
            (session, state, _) =>
            {
                hash ??= hashing.Hash(newPassword);
                session.Store(new AccountLogin { Id = accountId, Email = state.Email, PasswordHash = hash });
            }, ct: ct);
        return accountId;
    }

    private async Task<bool> Send(Guid accountId, LinkPurpose purpose, CommandContext context, CancellationToken ct)
    {
        var secret = Secrets.NewToken();
        string displayName;
        await using (var query = store.QuerySession())
        {
            displayName = (await query.LoadAsync<AccountStatus>(accountId, ct))?.DisplayName ?? "";
        }

        var events = await writer.Execute(accountId, Account.Initial, Account.Evolve,
            s => AccountDecider.Decide(new SendLink(accountId, purpose, Secrets.Hash(secret), clock.GetUtcNow(), context.Actor), s),
            context,
            (session, state, decided) =>
            {
                var sent = decided.OfType<AccountLinkSent>().Single();
                var token = StreamToken.Create(accountId, secret);
                Outbox.Enqueue(session, purpose == LinkPurpose.Activation
                    ? mail.Activation(state.Email, displayName, token, sent.ExpiresAt)
                    : mail.PasswordReset(state.Email, token, sent.ExpiresAt), sent.SentAt, mail.Domain);
            }, ct: ct);
        return events.Count > 0;
    }
}
