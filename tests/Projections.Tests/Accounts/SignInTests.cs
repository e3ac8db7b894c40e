using EMage.Domain.Accounts;
using EMage.Domain.Common;
using EMage.Projections.Accounts;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Tests.Accounts;

public class SignInTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private const string Password = "une phrase de passe solide";
    private readonly SignInHandler _signIn = fixture.Get<SignInHandler>();
    private readonly AccountHandler _accounts = fixture.Get<AccountHandler>();

    private async Task<(Guid Id, string Email)> PatientWithPassword()
    {
        var email = $"patient-{Guid.NewGuid():N}@example.fr";
        var context = CommandContext.For(Actor.System("test"));
        var id = await _accounts.Provision(email, AccountRole.Patient, "Marie Durand", Guid.NewGuid(), context);
        await _accounts.SetPassword(id, Password, context);
        return (id, email);
    }

    /// <summary>The code of the newest sign-in e-mail to an address, as the outbox holds it.</summary>
    private Task<string> MailedCode(string email) =>
        EMage.Testing.OutboxText.Capture(fixture.Store, "sign-in-code", email, @"code de connexion est : (\d{6})");

    /// <summary>Both steps of a patient's sign-in.</summary>
    private async Task<SignInOutcome> SignInWithCode(string email, string password, string address)
    {
        var first = await _signIn.SignIn(email, password, address);
        return first is SignInOutcome.CodeSent sent
            ? await _signIn.VerifyCode(sent.Challenge, await MailedCode(email.ToLowerInvariant()), address)
            : first;
    }

    private async Task<IReadOnlyList<object>> Events(Guid stream)
    {
        await using var session = fixture.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(stream)).Select(e => e.Data).ToList();
    }

    [Fact]
    public async Task RightPassword_SignsIn_AndTheReadModelShowsIt()
    {
        var (id, email) = await PatientWithPassword();

        var first = await _signIn.SignIn(email.ToUpperInvariant(), Password, "192.0.2.10");
        var sent = Assert.IsType<SignInOutcome.CodeSent>(first);
        Assert.Equal(fixture.Clock.GetUtcNow() + AccountRules.SignInCodeValidity, sent.ExpiresAt);
        Assert.IsType<SignInCodeSent>((await Events(id))[^1]);

        var code = await MailedCode(email);
        Assert.Matches("^[0-9]{6}$", code);
        var wrong = code == "000000" ? "000001" : "000000";
        Assert.Equal(new SignInOutcome.InvalidCode(4), await _signIn.VerifyCode(sent.Challenge, wrong, "192.0.2.10"));
        Assert.Equal(new SignInOutcome.Succeeded(id), await _signIn.VerifyCode(sent.Challenge, code, "192.0.2.10"));
        Assert.IsType<LoginSucceeded>((await Events(id))[^1]);
        Assert.Equal("CODE_EXPIRED", (await Assert.ThrowsAsync<DomainException>(() => _signIn.VerifyCode(sent.Challenge, code, "192.0.2.10"))).Code);
        await using var session = fixture.Store.QuerySession();
        var status = await session.LoadAsync<AccountStatus>(id);
        Assert.NotNull(status);
        Assert.Equal(fixture.Clock.GetUtcNow(), status.LastSignInAt);
        Assert.True(status.HasPassword);
    }

    [Fact]
    public async Task ThreeWrongPasswords_Block_ThenRefusalsAreRecorded_ThenTheBlockEnds()
    {
        var (id, email) = await PatientWithPassword();
        var start = fixture.Clock.GetUtcNow();

        Assert.IsType<SignInOutcome.InvalidCredentials>(await _signIn.SignIn(email, "wrong 1", "192.0.2.10"));
        Assert.IsType<SignInOutcome.InvalidCredentials>(await _signIn.SignIn(email, "wrong 2", "192.0.2.10"));
        var third = await _signIn.SignIn(email, "wrong 3", "192.0.2.10");
        Assert.Equal(new SignInOutcome.Blocked(start + AccountRules.LockoutDuration), third);

        // Even the right password is refused while blocked, and the refusal is an event.
        Assert.IsType<SignInOutcome.Blocked>(await _signIn.SignIn(email, Password, "192.0.2.10"));
        var events = await Events(id);
        Assert.Equal(
            ["account_provisioned", "password_set", "login_failed", "login_failed", "login_failed", "account_locked_out", "login_refused_while_locked"],
            events.Select(e => EventTypeNames.All.Single(n => n.Type == e.GetType()).Name));

        fixture.Clock.Advance(AccountRules.LockoutDuration);
        Assert.Equal(new SignInOutcome.Succeeded(id), await SignInWithCode(email, Password, "192.0.2.10"));
    }

    [Fact]
    public async Task TwentySimultaneousWrongAttempts_LetOnlyThreeReachThePasswordCheck()
    {
        var (id, email) = await PatientWithPassword();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => _signIn.SignIn(email, $"wrong {i}", "192.0.2.20"))));

        var events = await Events(id);
        // A LoginFailed is written only after a password check; a refusal never checks.
        Assert.Equal(3, events.OfType<LoginFailed>().Count());
        Assert.Single(events.OfType<AccountLockedOut>());
        Assert.Equal(17, events.OfType<LoginRefusedWhileLocked>().Count());
        Assert.Equal(18, outcomes.Count(o => o is SignInOutcome.Blocked));
    }

    [Fact]
    public async Task UnknownEmail_GetsTheSameAnswers_AndBlocksLikeARealAccount()
    {
        var (_, known) = await PatientWithPassword();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.fr";

        for (var i = 0; i < 4; i++)
        {
            var a = await _signIn.SignIn(known, "wrong", "192.0.2.30");
            var b = await _signIn.SignIn(unknown, "wrong", "192.0.2.30");
            Assert.Equal(a, b);
        }

        var stream = fixture.Get<UnknownEmailStreams>().IdFor(unknown);
        var events = await Events(stream);
        Assert.Equal(LoginFailureReason.UnknownAccount, events.OfType<LoginFailed>().First().Reason);
        Assert.Single(events.OfType<LoginRefusedWhileLocked>());
        await using var session = fixture.Store.QuerySession();
        Assert.Null(await session.LoadAsync<AccountStatus>(stream));
        // The address itself is nowhere in the log.
        var raw = await session.AdvancedSql.QueryAsync<string>(
            $"select data::text from {EmageStore.Schema}.mt_events where stream_id = ?", CancellationToken.None, stream);
        Assert.DoesNotContain(raw, d => d.Contains(unknown, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PasswordHashes_AreNeverInTheEventLog()
    {
        var (id, _) = await PatientWithPassword();
        await using var session = fixture.Store.QuerySession();
        var login = await session.LoadAsync<AccountLogin>(id);
        Assert.StartsWith("AQAAAA", login!.PasswordHash); // Identity v3 format marker
        var raw = await session.AdvancedSql.QueryAsync<string>($"select data::text from {EmageStore.Schema}.mt_events", CancellationToken.None);
        Assert.DoesNotContain(raw, d => d.Contains(login.PasswordHash!, StringComparison.Ordinal) || d.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PasswordChange_NeedsTheCurrentPassword_AndReplacesTheHash()
    {
        var (id, email) = await PatientWithPassword();
        var me = CommandContext.For(Actor.Account(id));

        var error = await Assert.ThrowsAsync<DomainException>(() => _accounts.ChangePassword(id, "not it", "Nouveau-mot-2-passe", me));
        Assert.Equal("INVALID_CURRENT_PASSWORD", error.Code);

        await _accounts.ChangePassword(id, Password, "Nouveau-mot-2-passe", me);
        Assert.IsType<SignInOutcome.InvalidCredentials>(await _signIn.SignIn(email, Password, "192.0.2.40"));
        Assert.IsType<SignInOutcome.Succeeded>(await SignInWithCode(email, "Nouveau-mot-2-passe", "192.0.2.40"));
    }

    [Fact]
    public async Task DeactivatedAccount_CannotSignIn_AndIsToldSoOnlyWithTheRightPassword()
    {
        var (id, email) = await PatientWithPassword();
        await _accounts.Deactivate(id, CommandContext.For(Actor.Account(id)));

        Assert.IsType<SignInOutcome.InvalidCredentials>(await _signIn.SignIn(email, "wrong", "192.0.2.50"));
        Assert.IsType<SignInOutcome.Deactivated>(await _signIn.SignIn(email, Password, "192.0.2.50"));
        await using var session = fixture.Store.QuerySession();
        Assert.False((await session.LoadAsync<AccountStatus>(id))!.Active);
    }

    private static string Describe(Account a) =>
        $"{a.Id} {a.Exists} {a.Email} {a.Role} {a.HasPassword} {a.Active} {a.ConsecutiveFailures} {a.LockedUntil?.UtcTicks} " +
        $"links {string.Join(';', a.Links.Select(l => $"{l.Purpose} {l.TokenHash} {l.SentAt.UtcTicks} {l.ExpiresAt.UtcTicks} {l.Spent}"))} " +
        $"challenge {a.Challenge?.ChallengeHash} {a.Challenge?.CodeHash} {a.Challenge?.ExpiresAt.UtcTicks} {a.Challenge?.WrongCodes} {a.Challenge?.Done}";

    [Fact]
    public async Task ALongLivedAccount_SignsInFromItsSnapshot_AndStillBlocksAfterThreeWrongPasswords()
    {
        var (id, email) = await PatientWithPassword();
        var snapshotter = new AccountSnapshotter();
        for (var i = 0; i < snapshotter.Every / 3 + 2; i++)
        {
            Assert.Equal(new SignInOutcome.Succeeded(id), await SignInWithCode(email, Password, "192.0.2.40"));
        }

        await using (var query = fixture.Store.QuerySession())
        {
            var snapshot = await query.LoadAsync<StreamSnapshot>($"{snapshotter.Kind}:{id:N}");
            Assert.NotNull(snapshot);
            var (whole, _) = await EventStreamWriter.Load(query, id, Account.Initial, Account.Evolve, default);
            var restored = (Account)snapshotter.Restore(snapshot.State);
            foreach (var e in await query.Events.FetchStreamAsync(id, fromVersion: snapshot.Version + 1))
            {
                restored = Account.Evolve(restored, e.Data);
            }

            Assert.Equal(Describe(whole), Describe(restored));
        }

        // A challenge pending across snapshots keeps its wrong codes; the lockout counts as ever.
        var pending = (SignInOutcome.CodeSent)await _signIn.SignIn(email, Password, "192.0.2.40");
        var code = await MailedCode(email);
        var wrong = code == "000000" ? "000001" : "000000";
        Assert.Equal(new SignInOutcome.InvalidCode(4), await _signIn.VerifyCode(pending.Challenge, wrong, "192.0.2.40"));
        Assert.Equal(new SignInOutcome.Succeeded(id), await _signIn.VerifyCode(pending.Challenge, code, "192.0.2.40"));
        var start = fixture.Clock.GetUtcNow();
        Assert.IsType<SignInOutcome.InvalidCredentials>(await _signIn.SignIn(email, "wrong 1", "192.0.2.40"));
        Assert.IsType<SignInOutcome.InvalidCredentials>(await _signIn.SignIn(email, "wrong 2", "192.0.2.40"));
        Assert.Equal(new SignInOutcome.Blocked(start + AccountRules.LockoutDuration), await _signIn.SignIn(email, "wrong 3", "192.0.2.40"));
        Assert.IsType<SignInOutcome.Blocked>(await _signIn.SignIn(email, Password, "192.0.2.40"));
        fixture.Clock.Advance(AccountRules.LockoutDuration);
        Assert.Equal(new SignInOutcome.Succeeded(id), await SignInWithCode(email, Password, "192.0.2.40"));
    }
}
