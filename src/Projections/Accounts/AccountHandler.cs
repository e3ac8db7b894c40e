using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Accounts;

/// <summary>Account commands other than sign-in, each through the write adapter.</summary>
public sealed class AccountHandler(IDocumentStore store, EventStreamWriter writer, PasswordHashing hashing, TimeProvider clock)
{
    public async Task<Guid> Provision(
        string email, AccountRole role, string displayName, Guid? patientId, CommandContext context,
        Guid? professionalId = null, CancellationToken ct = default)
    {
        var normalized = AccountRules.NormalizeEmail(email);
        await using (var query = store.QuerySession())
        {
            if (await query.Query<AccountLogin>().FirstOrDefaultAsync(x => x.Email == normalized, ct) is { } existing)
            {
                return existing.Id;
            }
        }

        var id = Guid.CreateVersion7();
        var command = new ProvisionAccount(id, email, role, displayName, patientId, clock.GetUtcNow(), context.Actor, professionalId);
        // The unique index on the e-mail stops a concurrent provisioning of the same address.
        await writer.Execute(id, Account.Initial, Account.Evolve, s => AccountDecider.Decide(command, s), context,
            (session, _, _) => session.Store(new AccountLogin { Id = id, Email = normalized }), expectNew: true, ct: ct);
        return id;
    }

    public Task SetPassword(Guid accountId, string password, CommandContext context, CancellationToken ct = default) =>
        WithNewHash(accountId, password, new SetPassword(accountId, password, clock.GetUtcNow(), context.Actor), context, ct);

    public async Task ChangePassword(
        Guid accountId, string currentPassword, string newPassword, CommandContext context, CancellationToken ct = default)
    {
        await using var query = store.QuerySession();
        var login = await query.LoadAsync<AccountLogin>(accountId, ct)
            ?? throw new DomainException("ACCOUNT_NOT_FOUND", "No such account.");
        var matched = hashing.Verify(login.PasswordHash, currentPassword);
        var command = new ChangePassword(accountId, matched, newPassword, clock.GetUtcNow(), context.Actor);
        await WithNewHash(accountId, newPassword, command, context, ct);
    }

    public Task Deactivate(Guid accountId, CommandContext context, CancellationToken ct = default) =>
        writer.Execute(accountId, Account.Initial, Account.Evolve,
            s => AccountDecider.Decide(new DeactivateAccount(accountId, clock.GetUtcNow(), context.Actor), s), context, ct: ct);

    public Task SetOpeningNotice(Guid accountId, OpeningNotice openings, CommandContext context, CancellationToken ct = default) =>
        writer.Execute(accountId, Account.Initial, Account.Evolve,
            s => AccountDecider.Decide(new ChangeNotificationPreference(accountId, openings, clock.GetUtcNow(), context.Actor), s), context, ct: ct);

    /// <summary>Support gives a deactivated account back to its patient.</summary>
    public Task Reactivate(Guid accountId, CommandContext context, CancellationToken ct = default) =>
        writer.Execute(accountId, Account.Initial, Account.Evolve,
            s => AccountDecider.Decide(new ReactivateAccount(accountId, clock.GetUtcNow(), context.Actor), s), context, ct: ct);

    private async Task WithNewHash(Guid accountId, string password, AccountCommand command, CommandContext context, CancellationToken ct)
    {
        // Decide first (policy, current password) so that a refused change never pays for a hash.
        string? hash = null;
        await writer.Execute(accountId, Account.Initial, Account.Evolve, s => AccountDecider.Decide(command, s), context,
            (session, state, _) =>
            {
                hash ??= hashing.Hash(password);
                session.Store(new AccountLogin { Id = accountId, Email = state.Email, PasswordHash = hash });
            }, ct: ct);
    }
}
