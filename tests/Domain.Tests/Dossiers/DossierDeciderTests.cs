using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using static EMage.Domain.Tests.Dossiers.Seed;

namespace EMage.Domain.Tests.Dossiers;

public class DossierDeciderTests
{
    private static Spec<Dossier, DossierCommand> Spec() => new(Dossier.Initial, Dossier.Evolve, DossierDecider.Decide);

    private static OpenDossier Open(Guid professional, AccessFacts? facts = null, Guid? exam = null, DateTimeOffset? at = null) =>
        new(Patient, professional, "Dr X", exam, facts ?? Facts(WissembourgRadiologist, WissembourgAdmin, HaguenauRadiologist), at ?? T0.AddDays(1), Actor.Account(professional));

    [Fact]
    public void GivenNothing_WhenFirstExamPublished_ThenDossierCreatedAndExamPublished() =>
        Spec().When(PublishCt()).Then(Created, CtPublished);

    [Fact]
    public void GivenExam_WhenSameExamPublishedAgain_ThenNothing() =>
        Spec().Given(Created, CtPublished).When(PublishCt()).ThenNothing();

    [Fact]
    public void GivenExam_WhenSameStudyPublishedUnderAnotherId_ThenFails() =>
        Spec().Given(Created, CtPublished).When(PublishCt() with { ExamId = Guid.NewGuid() }).ThenFails("STUDY_EXISTS");

    [Fact]
    public void GivenExam_WhenSecondExamPublished_ThenOnlyExamPublished()
    {
        var second = PublishCt(T0.AddDays(10)) with { ExamId = Guid.Parse("0195a3c4-0000-7000-8000-00000000ec02"), StudyInstanceUid = "1.2.3.4", AccessionNumber = "ACC0002", Correspondents = [] };
        Spec().Given(Created, CtPublished).When(second).Then(new ExamPublished(Patient, second.ExamId, Wissembourg, "WISSEMBOURG",
            "Scanner thoracique", "CT", second.PerformedAt, "ACC0002", "1.2.3.4", [], second.Now));
    }

    [Theory]
    [InlineData("XX", "1.2.3", "INVALID_MODALITY")]
    [InlineData("CT", "1.2.a", "INVALID_STUDY_UID")]
    [InlineData("CT", "1..2", "INVALID_STUDY_UID")]
    public void GivenNothing_WhenExamDataIsBad_ThenFails(string modality, string uid, string code) =>
        Spec().When(PublishCt() with { Modality = modality, StudyInstanceUid = uid }).ThenFails(code);

    [Fact]
    public void GivenNothing_WhenInsIsInvalid_ThenFails() =>
        Spec().When(PublishCt() with { Patient = Identity with { Ins = "184057512345699" } }).ThenFails("INVALID_INS");

    [Fact]
    public void GivenNothing_WhenCorrespondentUnknown_ThenFails() =>
        Spec().When(PublishCt() with { CorrespondentsKnown = false }).ThenFails("PROFESSIONAL_NOT_FOUND");

    [Fact]
    public void GivenNothing_WhenExamInTheFuture_ThenFails() =>
        Spec().When(PublishCt() with { PerformedAt = T0.AddHours(1) }).ThenFails("INVALID_EXAM");

    [Fact]
    public void GivenExam_WhenReportAttached_ThenReportAttached_AndAgainNothing()
    {
        var report = Guid.Parse("0195a3c4-0000-7000-8000-00000000f001");
        Spec().Given(Created, CtPublished).When(new AttachReport(Patient, ExamCt, report, T0, Establishment))
            .Then(new ReportAttached(Patient, ExamCt, report, T0));
        Spec().Given(Created, CtPublished, new ReportAttached(Patient, ExamCt, report, T0))
            .When(new AttachReport(Patient, ExamCt, report, T0, Establishment)).ThenNothing();
    }

    [Fact]
    public void GivenExam_WhenReportForUnknownExam_ThenFails() =>
        Spec().Given(Created, CtPublished).When(new AttachReport(Patient, Guid.NewGuid(), Guid.NewGuid(), T0, Establishment)).ThenFails("EXAM_NOT_FOUND");

    [Fact]
    public void GivenReport_WhenSeen_ThenDocumentSeen_AndAgainNothing()
    {
        var attached = new ReportAttached(Patient, ExamCt, Guid.NewGuid(), T0);
        Spec().Given(Created, CtPublished, attached).When(new MarkDocumentSeen(Patient, ExamCt, DocumentKind.Report, T0, Actor.Account(Patient)))
            .Then(new DocumentSeen(Patient, ExamCt, DocumentKind.Report, T0));
        Spec().Given(Created, CtPublished, attached, new DocumentSeen(Patient, ExamCt, DocumentKind.Report, T0))
            .When(new MarkDocumentSeen(Patient, ExamCt, DocumentKind.Report, T0, Actor.Account(Patient))).ThenNothing();
    }

    [Theory]
    [InlineData("c001", AccessBasis.Correspondent)]
    [InlineData("c002", AccessBasis.Radiologist)]
    [InlineData("c003", AccessBasis.EstablishmentAdministrator)]
    [InlineData("c004", AccessBasis.PlatformAdministrator)]
    public void GivenExam_WhenListedProfessionalOpens_ThenOpenedWithTheBasis(string who, AccessBasis basis)
    {
        var professional = Guid.Parse($"0195a3c4-0000-7000-8000-00000000{who}");
        var establishment = basis is AccessBasis.PlatformAdministrator ? (Guid?)null : Wissembourg;
        Spec().Given(Created, CtPublished).When(Open(professional, exam: ExamCt))
            .Then(new DossierOpened(Patient, professional, "Dr X", basis, establishment, ExamCt, "Scanner thoracique", T0.AddDays(1)));
    }

    [Fact]
    public void GivenExam_WhenRadiologistOfAnotherEstablishmentOpens_ThenRefusedAndRecorded() =>
        Spec().Given(Created, CtPublished).When(Open(OtherRadiologist))
            .Then(new DossierAccessRefused(OtherRadiologist, Patient, T0.AddDays(1)));

    [Fact]
    public void GivenExam_WhenStrangerOpens_ThenRefusedAndRecorded() =>
        Spec().Given(Created, CtPublished).When(Open(Stranger)).Then(new DossierAccessRefused(Stranger, Patient, T0.AddDays(1)));

    [Fact]
    public void GivenNoDossier_WhenAnyoneOpens_ThenRefusedLikeAnyOtherRefusal() =>
        Spec().When(Open(PlatformAdmin)).Then(new DossierAccessRefused(PlatformAdmin, Patient, T0.AddDays(1)));

    [Fact]
    public void GivenRadiologistRemovedFromStaff_WhenHeOpens_ThenRefused() =>
        Spec().Given(Created, CtPublished).When(Open(Radiologist, Facts(WissembourgAdmin)))
            .Then(new DossierAccessRefused(Radiologist, Patient, T0.AddDays(1)));

    [Fact]
    public void GivenActiveBreakGlass_WhenStrangerOpens_ThenOpenedAsBreakGlass()
    {
        var grant = new BreakGlassGranted(Patient, Guid.NewGuid(), Stranger, "Patient inconscient aux urgences, antécédents requis", T0, T0.AddHours(24));
        Spec().Given(Created, CtPublished, grant).When(Open(Stranger, at: T0.AddHours(1)))
            .Then(new DossierOpened(Patient, Stranger, "Dr X", AccessBasis.BreakGlass, null, null, null, T0.AddHours(1)));
    }

    [Fact]
    public void GivenBreakGlassPastItsExpiry_WhenStrangerOpens_ThenRefused()
    {
        var grant = new BreakGlassGranted(Patient, Guid.NewGuid(), Stranger, "Patient inconscient aux urgences, antécédents requis", T0, T0.AddHours(24));
        Spec().Given(Created, CtPublished, grant).When(Open(Stranger, at: T0.AddHours(24)))
            .Then(new DossierAccessRefused(Stranger, Patient, T0.AddHours(24)));
    }

    [Fact]
    public void GivenExam_WhenOpeningAnExamNotInTheDossier_ThenNotAuthorised() =>
        Spec().Given(Created, CtPublished).When(Open(Correspondent, exam: Guid.NewGuid())).ThenFails("NOT_AUTHORISED");

    [Fact]
    public void GivenAnyDossier_AccessNeverDependsOnThePatientAccount()
    {
        // Rule 7: deactivating the patient's account touches the account stream only; the access
        // decision reads the dossier and the staff, so the professionals keep their access.
        var dossier = new object[] { Created, CtPublished }.Aggregate(Dossier.Initial, Dossier.Evolve);
        var facts = Facts(WissembourgRadiologist);
        Assert.Equal(AccessBasis.Radiologist, AccessRules.BasisFor(dossier, Radiologist, facts, T0)!.Basis);
        var afterDeactivation = Dossier.Evolve(dossier, new EMage.Domain.Accounts.AccountDeactivated(Patient, T0));
        Assert.Equal(dossier, afterDeactivation);
    }

    // A share recipient's first read of the shared exam in a share session (rule 5, basis "share").
    private static readonly Guid ShareId = Guid.Parse("0195a3c4-0000-7000-8000-00000000540a");

    private static EMage.Domain.Shares.Share SharedCt(Guid? exam = null, Guid? patient = null, bool revoked = false) =>
        new(ShareId, true, patient ?? Patient, exam ?? ExamCt, "Scanner thoracique", "proche@example.fr", "hash", T0.AddDays(7), revoked, false);

    private static OpenSharedExam ReadShared(EMage.Domain.Shares.Share share, DateTimeOffset? at = null) =>
        new(Patient, share, at ?? T0.AddDays(1), Actor.Anonymous("203.0.113.9"));

    [Fact]
    public void GivenAShareOfTheExam_WhenItsRecipientReadsIt_ThenOpenedOnTheBasisOfTheShare() =>
        Spec().Given(Created, CtPublished).When(ReadShared(SharedCt()))
            .Then(new DossierOpened(Patient, ShareId, "proche@example.fr", AccessBasis.Share, Wissembourg, ExamCt, "Scanner thoracique", T0.AddDays(1)));

    [Fact]
    public void GivenAShareRevokedOrPastItsExpiry_WhenItsRecipientReads_ThenNotAuthorised()
    {
        Spec().Given(Created, CtPublished).When(ReadShared(SharedCt(revoked: true))).ThenFails("NOT_AUTHORISED");
        Spec().Given(Created, CtPublished).When(ReadShared(SharedCt(), at: T0.AddDays(7))).ThenFails("NOT_AUTHORISED");
    }

    [Fact]
    public void GivenAShareOfAnotherPatientOrExam_WhenRead_ThenNotAuthorised_LikeAMissingDossier()
    {
        Spec().Given(Created, CtPublished).When(ReadShared(SharedCt(patient: Guid.NewGuid()))).ThenFails("NOT_AUTHORISED");
        Spec().Given(Created, CtPublished).When(ReadShared(SharedCt(exam: Guid.NewGuid()))).ThenFails("NOT_AUTHORISED");
        Spec().When(ReadShared(SharedCt())).ThenFails("NOT_AUTHORISED");
    }
}
