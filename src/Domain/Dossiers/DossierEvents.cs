using System.Text.Json.Serialization;
using EMage.Domain.Common;

namespace EMage.Domain.Dossiers;

// The dossier stream: one per patient, its id the PatientId, created with the patient's first exam.

public sealed record DossierCreated(
    Guid PatientId,
    string FamilyName,
    string GivenNames,
    DateOnly BirthDate,
    Sex Sex,
    string? Email,
    string? Ins,
    DateTimeOffset CreatedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => CreatedAt;
}

public sealed record ExamPublished(
    Guid PatientId,
    Guid ExamId,
    Guid EstablishmentId,
    string EstablishmentName,
    string Label,
    string Modality,
    DateTimeOffset PerformedAt,
    string AccessionNumber,
    string StudyInstanceUid,
    IReadOnlyList<Guid> Correspondents,
    DateTimeOffset PublishedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => PublishedAt;
}

public sealed record ReportAttached(Guid PatientId, Guid ExamId, Guid ReportId, DateTimeOffset AttachedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => AttachedAt;
}

/// <summary>New images of an exam: <see cref="SeriesCount"/> series not seen before, <see cref="InstanceCount"/> new instances.</summary>
public sealed record ImagesReceived(Guid PatientId, Guid ExamId, int SeriesCount, int InstanceCount, DateTimeOffset ReceivedAt)
    : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => ReceivedAt;
}

public sealed record CorrespondentDeclared(Guid PatientId, Guid ExamId, Guid ProfessionalId, DateTimeOffset DeclaredAt)
    : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => DeclaredAt;
}

/// <summary>
/// Someone other than the patient opened the dossier. Names and labels are as they were at the
/// opening, so the history never needs a lookup.
/// </summary>
public sealed record DossierOpened(
    Guid PatientId,
    Guid ActorId,
    string ActorName,
    AccessBasis Basis,
    Guid? EstablishmentId,
    Guid? ExamId,
    string? ExamLabel,
    DateTimeOffset OpenedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => OpenedAt;
}

/// <summary>
/// A professional asked to open a dossier and was not authorised. Written to the professional's own
/// stream, so that it is recorded even when no such dossier exists, without revealing which.
/// </summary>
public sealed record DossierAccessRefused(Guid ProfessionalId, Guid PatientId, DateTimeOffset RefusedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RefusedAt;
}

public sealed record DocumentSeen(Guid PatientId, Guid ExamId, DocumentKind Kind, DateTimeOffset SeenAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => SeenAt;
}

public sealed record BreakGlassGranted(
    Guid PatientId,
    Guid GrantId,
    Guid ProfessionalId,
    string Justification,
    DateTimeOffset GrantedAt,
    DateTimeOffset ExpiresAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => GrantedAt;
}

public sealed record BreakGlassExpired(Guid PatientId, Guid GrantId, Guid ProfessionalId, DateTimeOffset ExpiredAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => ExpiredAt;
}

public enum Sex
{
    Female,
    Male,
    Unknown,
}

public enum DocumentKind
{
    Report,
    Images,
}

/// <summary>Why someone may open a dossier (rule 3), or did (rule 5).</summary>
public enum AccessBasis
{
    Correspondent,
    Radiologist,
    EstablishmentAdministrator,
    PlatformAdministrator,
    BreakGlass,
    Share,
}
