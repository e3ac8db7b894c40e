using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;
using EMage.Domain.Platform;
using static EMage.Domain.Tests.Dossiers.Seed;

namespace EMage.Domain.Tests.Dossiers;

public class AccessListTests
{
    private static readonly DateTimeOffset Since2022 = new(2022, 12, 8, 9, 0, 0, TimeSpan.Zero);

    private static EstablishmentStaffFacts WissembourgStaff(params object[] more) =>
        new object[] { new StaffAppointed(Wissembourg, Radiologist, StaffRole.Radiologist, Since2022), new StaffAppointed(Wissembourg, EstablishmentAdmin, StaffRole.EstablishmentAdministrator, Since2022) }
            .Concat(more).Aggregate(EstablishmentStaffFacts.Empty(Wissembourg), EstablishmentStaffFacts.Evolve);

    private static readonly PlatformAdministratorFacts Platform =
        PlatformAdministratorFacts.Evolve(PlatformAdministratorFacts.Empty, new PlatformAdministratorAppointed(PlatformAdmin, Since2022));

    private static PatientAccessFacts PatientFacts(params object[] events) =>
        events.Aggregate(PatientAccessFacts.Empty(Patient), PatientAccessFacts.Evolve);

    [Fact]
    public void TheSeedsList_HoldsCorrespondentsRadiologistsAdministratorsAndTemporaryRows()
    {
        var grant = new BreakGlassGranted(Patient, Guid.NewGuid(), Stranger, "Urgence vitale, patient inconscient au bloc", T0.AddDays(1), T0.AddDays(2));
        var rows = AccessList.Compose(PatientFacts(CtPublished, grant), [WissembourgStaff()], Platform, T0.AddDays(1).AddHours(1));

        Assert.Equal(
            [
                (Correspondent, AccessBasis.Correspondent, (Guid?)null, T0, (DateTimeOffset?)null),
                (Radiologist, AccessBasis.Radiologist, Wissembourg, T0, null),
                (EstablishmentAdmin, AccessBasis.EstablishmentAdministrator, Wissembourg, T0, null),
                (PlatformAdmin, AccessBasis.PlatformAdministrator, null, Since2022, null),
                (Stranger, AccessBasis.BreakGlass, null, T0.AddDays(1), T0.AddDays(2)),
            ],
            rows.Select(r => (r.ProfessionalId, r.Basis, r.EstablishmentId, r.Since, r.TemporaryUntil)));
    }

    [Fact]
    public void AuthorisedSince_IsTheLaterOfJoiningTheStaffAndTheFirstExamThere()
    {
        var late = new StaffAppointed(Wissembourg, OtherRadiologist, StaffRole.Radiologist, T0.AddDays(30));
        var rows = AccessList.Compose(PatientFacts(CtPublished), [WissembourgStaff(late)], Platform, T0.AddDays(31));
        Assert.Equal(T0.AddDays(30), rows.Single(r => r.ProfessionalId == OtherRadiologist).Since);
        Assert.Equal(T0, rows.Single(r => r.ProfessionalId == Radiologist).Since);
    }

    [Fact]
    public void StaffOfEstablishmentsWithoutThePatientsExams_IsNotListed()
    {
        var haguenau = EstablishmentStaffFacts.Evolve(EstablishmentStaffFacts.Empty(Haguenau), new StaffAppointed(Haguenau, OtherRadiologist, StaffRole.Radiologist, Since2022));
        var rows = AccessList.Compose(PatientFacts(CtPublished), [WissembourgStaff(), haguenau], Platform, T0);
        Assert.DoesNotContain(rows, r => r.ProfessionalId == OtherRadiologist);
    }

    [Fact]
    public void RemovedStaff_AndExpiredGrants_LeaveTheList()
    {
        var grantId = Guid.NewGuid();
        var patient = PatientFacts(CtPublished,
            new BreakGlassGranted(Patient, grantId, Stranger, "Urgence vitale, patient inconscient au bloc", T0, T0.AddHours(24)));
        var staff = WissembourgStaff(new StaffRemoved(Wissembourg, Radiologist, StaffRole.Radiologist, T0.AddDays(1)));

        var rows = AccessList.Compose(patient, [staff], Platform, T0.AddHours(25));
        Assert.DoesNotContain(rows, r => r.ProfessionalId == Radiologist);
        Assert.DoesNotContain(rows, r => r.Basis == AccessBasis.BreakGlass); // past its expiry, even before BreakGlassExpired

        var expired = PatientAccessFacts.Evolve(patient, new BreakGlassExpired(Patient, grantId, Stranger, T0.AddHours(25)));
        Assert.Empty(expired.Grants);
    }
}
