using EMage.Domain.Common;

namespace EMage.Domain.Dossiers;

public abstract record DossierCommand(Guid PatientId, DateTimeOffset Now, Actor Actor);

public sealed record PatientIdentity(string FamilyName, string GivenNames, DateOnly BirthDate, Sex Sex, string? Email, string? Ins);

public sealed record PublishExam(
    Guid PatientId,
    PatientIdentity Patient,
    Guid ExamId,
    Guid EstablishmentId,
    string EstablishmentName,
    string Label,
    string Modality,
    DateTimeOffset PerformedAt,
    string AccessionNumber,
    string StudyInstanceUid,
    IReadOnlyList<Guid> Correspondents,
    bool CorrespondentsKnown,
    DateTimeOffset Now,
    Actor Actor) : DossierCommand(PatientId, Now, Actor);

public sealed record AttachReport(Guid PatientId, Guid ExamId, Guid ReportId, DateTimeOffset Now, Actor Actor)
    : DossierCommand(PatientId, Now, Actor);

public sealed record ReceiveImages(Guid PatientId, Guid ExamId, int SeriesCount, int InstanceCount, DateTimeOffset Now, Actor Actor)
    : DossierCommand(PatientId, Now, Actor);

public sealed record DeclareCorrespondent(Guid PatientId, Guid ExamId, Guid ProfessionalId, bool ProfessionalKnown, DateTimeOffset Now, Actor Actor)
    : DossierCommand(PatientId, Now, Actor);

/// <summary>A professional opens the dossier; the handler gathers the <see cref="AccessFacts"/>.</summary>
public sealed record OpenDossier(
    Guid PatientId, Guid ProfessionalId, string ProfessionalName, Guid? ExamId, AccessFacts Facts, DateTimeOffset Now, Actor Actor)
    : DossierCommand(PatientId, Now, Actor);

/// <summary>
/// A share recipient, in a share session, reads the shared exam (its images or its report) for the
/// first time in that session; <see cref="Share"/> is the share's state as of now.
/// </summary>
public sealed record OpenSharedExam(Guid PatientId, Shares.Share Share, DateTimeOffset Now, Actor Actor)
    : DossierCommand(PatientId, Now, Actor);

public sealed record MarkDocumentSeen(Guid PatientId, Guid ExamId, DocumentKind Kind, DateTimeOffset Now, Actor Actor)
    : DossierCommand(PatientId, Now, Actor);

public sealed record GrantBreakGlass(
    Guid PatientId, Guid GrantId, Guid ProfessionalId, string Justification, TimeSpan Duration, DateTimeOffset Now, Actor Actor)
    : DossierCommand(PatientId, Now, Actor);

public sealed record ExpireBreakGlass(Guid PatientId, Guid GrantId, DateTimeOffset Now, Actor Actor)
    : DossierCommand(PatientId, Now, Actor);
