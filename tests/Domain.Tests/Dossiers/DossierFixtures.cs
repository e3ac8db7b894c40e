using EMage.Domain.Common;
using EMage.Domain.Dossiers;
using EMage.Domain.Establishments;

namespace EMage.Domain.Tests.Dossiers;

/// <summary>The seed's situation: a patient with exams at WISSEMBOURG, and the people around her.</summary>
public static class Seed
{
    public static readonly DateTimeOffset T0 = new(2023, 3, 6, 17, 19, 0, TimeSpan.FromHours(1));
    public static readonly Guid Patient = Guid.Parse("0195a3c4-0000-7000-8000-0000000000a1");
    public static readonly Guid Wissembourg = Guid.Parse("0195a3c4-0000-7000-8000-0000000000e1");
    public static readonly Guid Haguenau = Guid.Parse("0195a3c4-0000-7000-8000-0000000000e2");
    public static readonly Guid ExamCt = Guid.Parse("0195a3c4-0000-7000-8000-00000000ec01");
    public static readonly Guid Correspondent = Guid.Parse("0195a3c4-0000-7000-8000-00000000c001");
    public static readonly Guid Radiologist = Guid.Parse("0195a3c4-0000-7000-8000-00000000c002");
    public static readonly Guid EstablishmentAdmin = Guid.Parse("0195a3c4-0000-7000-8000-00000000c003");
    public static readonly Guid PlatformAdmin = Guid.Parse("0195a3c4-0000-7000-8000-00000000c004");
    public static readonly Guid Stranger = Guid.Parse("0195a3c4-0000-7000-8000-00000000c005");
    public static readonly Guid OtherRadiologist = Guid.Parse("0195a3c4-0000-7000-8000-00000000c006");
    public static readonly Actor Establishment = Actor.System("establishment");

    public static readonly PatientIdentity Identity = new("Durand", "Marie", new DateOnly(1984, 5, 12), Sex.Female, "marie@example.fr", null);

    public static PublishExam PublishCt(DateTimeOffset? at = null) => new(
        Patient, Identity, ExamCt, Wissembourg, "WISSEMBOURG", "Scanner thoracique", "CT", (at ?? T0).AddHours(-2),
        "ACC0001", "1.2.250.1.59.3.1", [Correspondent], true, at ?? T0, Establishment);

    public static readonly object Created = new DossierCreated(Patient, "Durand", "Marie", new DateOnly(1984, 5, 12), Sex.Female, "marie@example.fr", null, T0);

    public static readonly object CtPublished = new ExamPublished(Patient, ExamCt, Wissembourg, "WISSEMBOURG", "Scanner thoracique", "CT",
        T0.AddHours(-2), "ACC0001", "1.2.250.1.59.3.1", [Correspondent], T0);

    public static AccessFacts Facts(params StaffMembership[] staff) => new(new HashSet<Guid> { PlatformAdmin }, staff);

    public static readonly StaffMembership WissembourgRadiologist = new(Wissembourg, Radiologist, StaffRole.Radiologist);
    public static readonly StaffMembership WissembourgAdmin = new(Wissembourg, EstablishmentAdmin, StaffRole.EstablishmentAdministrator);
    public static readonly StaffMembership HaguenauRadiologist = new(Haguenau, OtherRadiologist, StaffRole.Radiologist);
}
