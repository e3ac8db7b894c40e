using EMage.Domain.Accounts;
using EMage.Domain.Common;

namespace EMage.Domain.Tests.Accounts;

public class AccountDeciderTests
{
    private static readonly Guid Id = Guid.Parse("0195a3c4-0000-7000-8000-000000000001");
    private static readonly Guid Patient = Guid.Parse("0195a3c4-0000-7000-8000-0000000000aa");
    private static readonly DateTimeOffset T0 = new(2026, 4, 17, 14, 13, 0, TimeSpan.Zero);
    private static readonly Actor Anonymous = Actor.Anonymous("192.0.2.1");
    private const string Ip = "192.0.2.1";

    private static Spec<Account, AccountCommand> Spec() => new(Account.Initial, Account.Evolve, AccountDecider.Decide);

    private static readonly object Provisioned =
        new AccountProvisioned(Id, "marie.durand@example.fr", AccountRole.Patient, "Marie Durand", Patient, T0.AddDays(-10));

    private static readonly object WithPassword = new PasswordSet(Id, T0.AddDays(-9));

    private static AttemptSignIn Attempt(bool? matched, DateTimeOffset at) => new(Id, matched, Ip, at, Anonymous, ("challenge", "code"));

    private static SignInCodeSent CodeSent(DateTimeOffset at) => new(Id, "challenge", "code", Ip, at, at.AddMinutes(10));

    private static LoginFailed Failed(int n, DateTimeOffset at, LoginFailureReason reason = LoginFailureReason.WrongPassword) =>
        new(Id, reason, n, Ip, at);

    [Fact]
    public void GivenNothing_WhenProvision_ThenProvisionedWithNormalisedEmail() =>
        Spec().When(new ProvisionAccount(Id, "  Marie.Durand@Example.FR ", AccountRole.Patient, "Marie Durand", Patient, T0, Anonymous))
            .Then(new AccountProvisioned(Id, "marie.durand@example.fr", AccountRole.Patient, "Marie Durand", Patient, T0));

    [Fact]
    public void GivenProvisioned_WhenProvisionSameEmail_ThenNothing() =>
        Spec().Given(Provisioned)
            .When(new ProvisionAccount(Id, "marie.durand@example.fr", AccountRole.Patient, "Marie Durand", Patient, T0, Anonymous))
            .ThenNothing();

    [Fact]
    public void GivenProvisioned_WhenProvisionOtherEmail_ThenFails() =>
        Spec().Given(Provisioned)
            .When(new ProvisionAccount(Id, "other@example.fr", AccountRole.Patient, "X", Patient, T0, Anonymous))
            .ThenFails("ACCOUNT_EXISTS");

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("two@@example.fr")]
    [InlineData("@example.fr")]
    [InlineData("a b@example.fr")]
    public void GivenNothing_WhenProvisionBadEmail_ThenFails(string email) =>
        Spec().When(new ProvisionAccount(Id, email, AccountRole.Patient, "Marie", Patient, T0, Anonymous))
            .ThenFails("INVALID_EMAIL");

    [Fact]
    public void GivenNothing_WhenProvisionPatientWithoutPatient_ThenFails() =>
        Spec().When(new ProvisionAccount(Id, "a@example.fr", AccountRole.Patient, "Marie", null, T0, Anonymous))
            .ThenFails("PATIENT_REQUIRED");

    [Fact]
    public void GivenAPatientsPassword_WhenRightPassword_ThenACodeIsSent_NotYetASession() =>
        Spec().Given(Provisioned, WithPassword).When(Attempt(true, T0)).Then(CodeSent(T0));

    [Fact]
    public void GivenAProfessionalsPassword_WhenRightPassword_ThenSucceeded() =>
        Spec().Given(new AccountProvisioned(Id, "dr@example.fr", AccountRole.Professional, "Dr", null, T0.AddDays(-10), Guid.NewGuid()), WithPassword)
            .When(Attempt(true, T0)).Then(new LoginSucceeded(Id, Ip, T0));

    [Fact]
    public void GivenPassword_WhenWrongPassword_ThenFailedOnce() =>
        Spec().Given(Provisioned, WithPassword).When(Attempt(false, T0)).Then(Failed(1, T0));

    [Fact]
    public void GivenTwoFailures_WhenWrongPassword_ThenFailedAndLockedForFiveMinutes() =>
        Spec().Given(Provisioned, WithPassword, Failed(1, T0), Failed(2, T0.AddSeconds(5)))
            .When(Attempt(false, T0.AddSeconds(10)))
            .Then(Failed(3, T0.AddSeconds(10)), new AccountLockedOut(Id, T0.AddSeconds(10), T0.AddSeconds(10).AddMinutes(5)));

    [Fact]
    public void GivenLocked_WhenAnyAttempt_ThenRefusedWithoutPasswordCheck() =>
        Spec().Given(Provisioned, WithPassword, new AccountLockedOut(Id, T0, T0.AddMinutes(5)))
            .When(Attempt(null, T0.AddMinutes(4)))
            .Then(new LoginRefusedWhileLocked(Id, Ip, T0.AddMinutes(4), T0.AddMinutes(5)));

    [Fact]
    public void GivenLocked_WhenRightPasswordStillInsideTheBlock_ThenRefused() =>
        Spec().Given(Provisioned, WithPassword, new AccountLockedOut(Id, T0, T0.AddMinutes(5)))
            .When(Attempt(true, T0.AddMinutes(5).AddSeconds(-1)))
            .Then(new LoginRefusedWhileLocked(Id, Ip, T0.AddMinutes(5).AddSeconds(-1), T0.AddMinutes(5)));

    [Fact]
    public void GivenLockExpired_WhenWrongPassword_ThenCountStartsAgain() =>
        Spec().Given(Provisioned, WithPassword, Failed(1, T0), Failed(2, T0), Failed(3, T0), new AccountLockedOut(Id, T0, T0.AddMinutes(5)))
            .When(Attempt(false, T0.AddMinutes(5)))
            .Then(Failed(1, T0.AddMinutes(5)));

    [Fact]
    public void GivenLockExpired_WhenRightPassword_ThenACodeIsSent() =>
        Spec().Given(Provisioned, WithPassword, new AccountLockedOut(Id, T0, T0.AddMinutes(5)))
            .When(Attempt(true, T0.AddMinutes(5)))
            .Then(CodeSent(T0.AddMinutes(5)));

    [Fact]
    public void GivenACodeSent_WhenTheRightCode_ThenVerifiedAndSignedIn() =>
        Spec().Given(Provisioned, WithPassword, Failed(1, T0), CodeSent(T0))
            .When(new VerifySignInCode(Id, "challenge", "code", Ip, T0.AddMinutes(3), Anonymous))
            .Then(new SignInCodeVerified(Id, "challenge", T0.AddMinutes(3)), new LoginSucceeded(Id, Ip, T0.AddMinutes(3)));

    [Fact]
    public void GivenOneFailure_WhenTwoWrongCodes_ThenBlocked_TheCodeCountsWithThePasswords() =>
        Spec().Given(Provisioned, WithPassword, Failed(1, T0), CodeSent(T0), Failed(2, T0.AddMinutes(1), LoginFailureReason.WrongCode))
            .When(new VerifySignInCode(Id, "challenge", "wrong", Ip, T0.AddMinutes(2), Anonymous))
            .Then(Failed(3, T0.AddMinutes(2), LoginFailureReason.WrongCode), new AccountLockedOut(Id, T0.AddMinutes(2), T0.AddMinutes(7)));

    [Fact]
    public void GivenLocked_WhenTheRightCode_ThenRefused() =>
        Spec().Given(Provisioned, WithPassword, CodeSent(T0), new AccountLockedOut(Id, T0, T0.AddMinutes(5)))
            .When(new VerifySignInCode(Id, "challenge", "code", Ip, T0.AddMinutes(1), Anonymous))
            .Then(new LoginRefusedWhileLocked(Id, Ip, T0.AddMinutes(1), T0.AddMinutes(5)));

    [Theory]
    [InlineData("other-challenge", 3)]
    [InlineData("challenge", 10)]
    public void GivenACodeSent_WhenAnotherChallengeOrTooLate_ThenExpired(string challenge, int minutes) =>
        Spec().Given(Provisioned, WithPassword, CodeSent(T0))
            .When(new VerifySignInCode(Id, challenge, "code", Ip, T0.AddMinutes(minutes), Anonymous)).ThenFails("CODE_EXPIRED");

    [Fact]
    public void GivenFiveWrongCodes_WhenTheRightOne_ThenExpired() =>
        Spec().Given([Provisioned, WithPassword, CodeSent(T0), .. Enumerable.Range(1, 5).Select(i => (object)Failed(i % 3, T0, LoginFailureReason.WrongCode))])
            .When(new VerifySignInCode(Id, "challenge", "code", Ip, T0.AddMinutes(1), Anonymous)).ThenFails("CODE_EXPIRED");

    [Fact]
    public void GivenACodeUsed_WhenUsedAgain_ThenExpired() =>
        Spec().Given(Provisioned, WithPassword, CodeSent(T0), new SignInCodeVerified(Id, "challenge", T0), new LoginSucceeded(Id, Ip, T0))
            .When(new VerifySignInCode(Id, "challenge", "code", Ip, T0.AddMinutes(1), Anonymous)).ThenFails("CODE_EXPIRED");

    private static AccountLinkSent Link(LinkPurpose purpose, string hash, DateTimeOffset at) =>
        new(Id, purpose, hash, at, at + AccountRules.LinkValidity(purpose));

    [Fact]
    public void GivenProvisioned_WhenAnActivationLinkIsSent_ThenItLastsSevenDays() =>
        Spec().Given(Provisioned).When(new SendLink(Id, LinkPurpose.Activation, "h1", T0, Anonymous))
            .Then(new AccountLinkSent(Id, LinkPurpose.Activation, "h1", T0, T0.AddDays(7)));

    [Fact]
    public void GivenAPassword_WhenAnActivationLinkIsAsked_ThenNothing() =>
        Spec().Given(Provisioned, WithPassword).When(new SendLink(Id, LinkPurpose.Activation, "h1", T0, Anonymous)).ThenNothing();

    [Fact]
    public void GivenThreeResetLinksWithinTheHour_WhenAFourth_ThenNothing() =>
        Spec().Given(Provisioned, WithPassword, Link(LinkPurpose.PasswordReset, "a", T0), Link(LinkPurpose.PasswordReset, "b", T0.AddMinutes(1)),
                Link(LinkPurpose.PasswordReset, "c", T0.AddMinutes(2)))
            .When(new SendLink(Id, LinkPurpose.PasswordReset, "d", T0.AddMinutes(30), Anonymous)).ThenNothing();

    [Fact]
    public void GivenDeactivated_WhenAResetLinkIsAsked_ThenNothing() =>
        Spec().Given(Provisioned, WithPassword, new AccountDeactivated(Id, T0)).When(new SendLink(Id, LinkPurpose.PasswordReset, "d", T0, Anonymous)).ThenNothing();

    [Fact]
    public void GivenALink_WhenUsedWithAGoodPassword_ThenPasswordSet() =>
        Spec().Given(Provisioned, Link(LinkPurpose.Activation, "h1", T0))
            .When(new SetPasswordWithLink(Id, "h1", "une phrase de passe solide", T0.AddDays(6), Anonymous)).Then(new PasswordSet(Id, T0.AddDays(6)));

    [Fact]
    public void GivenALinkUsed_WhenUsedAgain_ThenUsed_AndAnOlderLinkIsSpentToo() =>
        Spec().Given(Provisioned, Link(LinkPurpose.Activation, "h0", T0), Link(LinkPurpose.Activation, "h1", T0), new PasswordSet(Id, T0.AddHours(1)))
            .When(new SetPasswordWithLink(Id, "h0", "une phrase de passe solide", T0.AddHours(2), Anonymous)).ThenFails("LINK_USED");

    [Fact]
    public void GivenALink_WhenUsedTooLate_ThenExpired() =>
        Spec().Given(Provisioned, Link(LinkPurpose.Activation, "h1", T0))
            .When(new SetPasswordWithLink(Id, "h1", "une phrase de passe solide", T0.AddDays(7), Anonymous)).ThenFails("LINK_EXPIRED");

    [Fact]
    public void GivenALink_WhenAForgedToken_ThenInvalid() =>
        Spec().Given(Provisioned, Link(LinkPurpose.Activation, "h1", T0))
            .When(new SetPasswordWithLink(Id, "forged", "une phrase de passe solide", T0, Anonymous)).ThenFails("LINK_INVALID");

    [Fact]
    public void GivenALink_WhenAWeakPassword_ThenRefused_AndTheLinkStillWorks() =>
        Spec().Given(Provisioned, Link(LinkPurpose.Activation, "h1", T0))
            .When(new SetPasswordWithLink(Id, "h1", "court", T0, Anonymous)).ThenFails("PASSWORD_POLICY");

    [Fact]
    public void GivenTwoFailuresThenSuccess_WhenWrongPassword_ThenCountWasReset() =>
        Spec().Given(Provisioned, WithPassword, Failed(1, T0), Failed(2, T0), new LoginSucceeded(Id, Ip, T0))
            .When(Attempt(false, T0.AddMinutes(1)))
            .Then(Failed(1, T0.AddMinutes(1)));

    [Fact]
    public void GivenUnknownEmail_WhenAttempt_ThenFailedAsUnknown() =>
        Spec().When(Attempt(false, T0)).Then(Failed(1, T0, LoginFailureReason.UnknownAccount));

    [Fact]
    public void GivenUnknownEmailTwice_WhenAttempt_ThenLockedLikeARealAccount() =>
        Spec().Given(Failed(1, T0, LoginFailureReason.UnknownAccount), Failed(2, T0, LoginFailureReason.UnknownAccount))
            .When(Attempt(false, T0))
            .Then(Failed(3, T0, LoginFailureReason.UnknownAccount), new AccountLockedOut(Id, T0, T0.AddMinutes(5)));

    [Fact]
    public void GivenNoPasswordYet_WhenAttempt_ThenFailed() =>
        Spec().Given(Provisioned).When(Attempt(false, T0)).Then(Failed(1, T0, LoginFailureReason.NoPasswordSet));

    [Fact]
    public void GivenUnlocked_WhenPasswordNotChecked_ThenFails() =>
        Spec().Given(Provisioned, WithPassword).When(Attempt(null, T0)).ThenFails("PASSWORD_NOT_CHECKED");

    [Fact]
    public void GivenDeactivated_WhenRightPassword_ThenRefusedWithoutCounting() =>
        Spec().Given(Provisioned, WithPassword, Failed(1, T0), new AccountDeactivated(Id, T0))
            .When(Attempt(true, T0))
            .Then(Failed(1, T0, LoginFailureReason.AccountDeactivated));

    [Fact]
    public void GivenDeactivated_WhenWrongPassword_ThenCountsAsWrongPassword() =>
        Spec().Given(Provisioned, WithPassword, new AccountDeactivated(Id, T0))
            .When(Attempt(false, T0))
            .Then(Failed(1, T0));

    [Fact]
    public void GivenProvisioned_WhenSetStrongPassword_ThenPasswordSet() =>
        Spec().Given(Provisioned).When(new SetPassword(Id, "correct horse battery", T0, Anonymous)).Then(new PasswordSet(Id, T0));

    [Theory]
    [InlineData("short")]
    [InlineData("abcdefgh1")]      // 9 chars, two classes
    [InlineData("abcdefghijk")]    // 11 chars, one class
    public void GivenProvisioned_WhenSetWeakPassword_ThenFails(string password) =>
        Spec().Given(Provisioned).When(new SetPassword(Id, password, T0, Anonymous)).ThenFails("PASSWORD_POLICY");

    [Theory]
    [InlineData("Abcdef1!")]       // 8 chars, four classes
    [InlineData("abcdefghijkl")]   // 12 chars, one class
    public void GivenProvisioned_WhenSetPasswordMeetingPolicy_ThenPasswordSet(string password) =>
        Spec().Given(Provisioned).When(new SetPassword(Id, password, T0, Anonymous)).Then(new PasswordSet(Id, T0));

    [Fact]
    public void GivenPassword_WhenChangeWithWrongCurrent_ThenFails() =>
        Spec().Given(Provisioned, WithPassword)
            .When(new ChangePassword(Id, false, "a new long passphrase", T0, Actor.Account(Id)))
            .ThenFails("INVALID_CURRENT_PASSWORD");

    [Fact]
    public void GivenPassword_WhenChangeWithRightCurrent_ThenChanged() =>
        Spec().Given(Provisioned, WithPassword)
            .When(new ChangePassword(Id, true, "a new long passphrase", T0, Actor.Account(Id)))
            .Then(new PasswordChanged(Id, T0));

    [Fact]
    public void GivenActive_WhenDeactivate_ThenDeactivated() =>
        Spec().Given(Provisioned, WithPassword).When(new DeactivateAccount(Id, T0, Actor.Account(Id)))
            .Then(new AccountDeactivated(Id, T0));

    [Fact]
    public void GivenDeactivated_WhenDeactivateAgain_ThenNothing() =>
        Spec().Given(Provisioned, new AccountDeactivated(Id, T0)).When(new DeactivateAccount(Id, T0, Actor.Account(Id)))
            .ThenNothing();

    [Fact]
    public void GivenNothing_WhenDeactivate_ThenFails() =>
        Spec().When(new DeactivateAccount(Id, T0, Actor.Account(Id))).ThenFails("ACCOUNT_NOT_FOUND");

    [Fact]
    public void OutcomeOfLockingAttempt_IsBlockedUntilTheEnd()
    {
        var outcome = SignInOutcome.From([Failed(3, T0), new AccountLockedOut(Id, T0, T0.AddMinutes(5))]);
        Assert.Equal(new SignInOutcome.Blocked(T0.AddMinutes(5)), outcome);
    }

    [Fact]
    public void OutcomeOfUnknownAndWrongPassword_IsTheSame() =>
        Assert.Equal(
            SignInOutcome.From([Failed(1, T0, LoginFailureReason.UnknownAccount)]),
            SignInOutcome.From([Failed(1, T0)]));
}
