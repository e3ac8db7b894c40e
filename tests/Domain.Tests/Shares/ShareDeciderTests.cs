using EMage.Domain.Common;
using EMage.Domain.Shares;
using static EMage.Domain.Tests.Dossiers.Seed;

namespace EMage.Domain.Tests.Shares;

public class ShareDeciderTests
{
    private static readonly Guid ShareId = Guid.Parse("0195a3c4-0000-7000-8000-000000005a01");
    private const string Hash = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    private static readonly Actor Recipient = Actor.Anonymous("198.51.100.7");

    private static Spec<Share, ShareCommand> Spec() => new(Share.Initial, Share.Evolve, ShareDecider.Decide);

    private static ShareExam Create(int days = 7, string? label = "Scanner thoracique") =>
        new(ShareId, Patient, ExamCt, label, "Dr.Ami@Example.fr", "Pour avis", days, Hash, T0, Actor.Account(Patient));

    private static readonly object Shared = new ExamShared(ShareId, Patient, ExamCt, "Scanner thoracique", "dr.ami@example.fr", "Pour avis", Hash, T0, T0.AddDays(7));

    [Fact]
    public void GivenNothing_WhenShared_ThenSharedForTheChosenDays() => Spec().When(Create()).Then(Shared);

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void GivenNothing_WhenDurationOutOfRange_ThenFails(int days) => Spec().When(Create(days)).ThenFails("INVALID_DURATION");

    [Fact]
    public void GivenNothing_WhenExamNotInDossier_ThenFails() => Spec().When(Create(label: null)).ThenFails("EXAM_NOT_FOUND");

    private const string Challenge = "c1c1c1c1";
    private const string Code = "d2d2d2d2";
    private static readonly object CodeSent = new ShareCodeSent(ShareId, Patient, Challenge, Code, T0.AddDays(1), T0.AddDays(1).AddMinutes(10));

    [Fact]
    public void GivenShared_WhenTheLinksSecretAsksForACode_ThenACodeIsSent() =>
        Spec().Given(Shared).When(new RequestShareCode(ShareId, Hash, Challenge, Code, T0.AddDays(1), Recipient)).Then(CodeSent);

    [Fact]
    public void GivenShared_WhenAnotherSecretAsksForACode_ThenNotFound() =>
        Spec().Given(Shared).When(new RequestShareCode(ShareId, Hash.Replace('b', 'c'), Challenge, Code, T0.AddDays(1), Recipient)).ThenFails("SHARE_NOT_FOUND");

    [Fact]
    public void GivenShared_WhenACodeIsAskedAfterExpiry_ThenExpired_EvenBeforeTheExpiryEvent() =>
        Spec().Given(Shared).When(new RequestShareCode(ShareId, Hash, Challenge, Code, T0.AddDays(7), Recipient)).ThenFails("SHARE_EXPIRED");

    [Fact]
    public void GivenRevoked_WhenACodeIsAsked_ThenExpired() =>
        Spec().Given(Shared, new ShareRevoked(ShareId, Patient, T0)).When(new RequestShareCode(ShareId, Hash, Challenge, Code, T0.AddHours(1), Recipient))
            .ThenFails("SHARE_EXPIRED");

    [Fact]
    public void GivenFiveCodesWithinTheHour_WhenASixthIsAsked_ThenRefused() =>
        Spec().Given([Shared, .. Enumerable.Range(0, 5).Select(i => new ShareCodeSent(ShareId, Patient, $"c{i}", Code, T0.AddDays(1).AddMinutes(i), T0.AddDays(1).AddMinutes(10 + i)))])
            .When(new RequestShareCode(ShareId, Hash, Challenge, Code, T0.AddDays(1).AddMinutes(30), Recipient)).ThenFails("TOO_MANY_CODES");

    [Fact]
    public void GivenACodeSent_WhenTheRightCode_ThenUsed() =>
        Spec().Given(Shared, CodeSent).When(new VerifyShareCode(ShareId, Challenge, Code, T0.AddDays(1).AddMinutes(2), Recipient))
            .Then(new ShareUsed(ShareId, Patient, ExamCt, "Scanner thoracique", "dr.ami@example.fr", T0.AddDays(1).AddMinutes(2)));

    [Fact]
    public void GivenACodeSent_WhenAWrongCode_ThenTheFailureIsRecorded() =>
        Spec().Given(Shared, CodeSent).When(new VerifyShareCode(ShareId, Challenge, "wrong", T0.AddDays(1).AddMinutes(2), Recipient))
            .Then(new ShareCodeFailed(ShareId, Patient, Challenge, T0.AddDays(1).AddMinutes(2)));

    [Fact]
    public void GivenFiveWrongCodes_WhenTheRightOne_ThenTheCodeIsDead() =>
        Spec().Given([Shared, CodeSent, .. Enumerable.Range(0, 5).Select(_ => new ShareCodeFailed(ShareId, Patient, Challenge, T0.AddDays(1)))])
            .When(new VerifyShareCode(ShareId, Challenge, Code, T0.AddDays(1).AddMinutes(2), Recipient)).ThenFails("CODE_EXPIRED");

    [Fact]
    public void GivenACodeUsed_WhenUsedAgain_ThenExpired() =>
        Spec().Given(Shared, CodeSent, new ShareUsed(ShareId, Patient, ExamCt, "Scanner thoracique", "dr.ami@example.fr", T0.AddDays(1)))
            .When(new VerifyShareCode(ShareId, Challenge, Code, T0.AddDays(1).AddMinutes(2), Recipient)).ThenFails("CODE_EXPIRED");

    [Fact]
    public void GivenACodeSent_WhenTooLate_ThenExpired() =>
        Spec().Given(Shared, CodeSent).When(new VerifyShareCode(ShareId, Challenge, Code, T0.AddDays(1).AddMinutes(10), Recipient)).ThenFails("CODE_EXPIRED");

    [Fact]
    public void GivenACodeSent_WhenTheShareWasRevoked_ThenExpired() =>
        Spec().Given(Shared, CodeSent, new ShareRevoked(ShareId, Patient, T0.AddDays(1)))
            .When(new VerifyShareCode(ShareId, Challenge, Code, T0.AddDays(1).AddMinutes(2), Recipient)).ThenFails("SHARE_EXPIRED");

    [Fact]
    public void GivenACodeSent_WhenAForgedChallenge_ThenExpired() =>
        Spec().Given(Shared, CodeSent).When(new VerifyShareCode(ShareId, "forged", Code, T0.AddDays(1).AddMinutes(2), Recipient)).ThenFails("CODE_EXPIRED");

    [Fact]
    public void GivenShared_WhenAnotherPatientRevokes_ThenNotFound() =>
        Spec().Given(Shared).When(new RevokeShare(ShareId, Guid.NewGuid(), T0, Actor.Anonymous("x"))).ThenFails("SHARE_NOT_FOUND");

    [Fact]
    public void GivenShared_WhenPatientRevokes_ThenRevoked_AndAgainNothing()
    {
        Spec().Given(Shared).When(new RevokeShare(ShareId, Patient, T0.AddHours(2), Actor.Account(Patient))).Then(new ShareRevoked(ShareId, Patient, T0.AddHours(2)));
        Spec().Given(Shared, new ShareRevoked(ShareId, Patient, T0)).When(new RevokeShare(ShareId, Patient, T0.AddHours(2), Actor.Account(Patient))).ThenNothing();
    }

    [Fact]
    public void GivenShared_WhenExpiryDue_ThenExpired_AndAgainNothing()
    {
        Spec().Given(Shared).When(new ExpireShare(ShareId, T0.AddDays(7), Actor.System("expiry"))).Then(new ShareExpired(ShareId, Patient, T0.AddDays(7)));
        Spec().Given(Shared).When(new ExpireShare(ShareId, T0.AddDays(6), Actor.System("expiry"))).ThenNothing();
        Spec().Given(Shared, new ShareExpired(ShareId, Patient, T0.AddDays(7))).When(new ExpireShare(ShareId, T0.AddDays(8), Actor.System("expiry"))).ThenNothing();
    }
}
