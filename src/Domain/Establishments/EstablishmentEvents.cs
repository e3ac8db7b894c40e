using System.Text.Json.Serialization;
using EMage.Domain.Common;

namespace EMage.Domain.Establishments;

public sealed record EstablishmentRegistered(
    Guid EstablishmentId,
    string Finess,
    string Name,
    string City,
    DateTimeOffset RegisteredAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RegisteredAt;
}

public sealed record StaffAppointed(Guid EstablishmentId, Guid ProfessionalId, StaffRole Role, DateTimeOffset AppointedAt)
    : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => AppointedAt;
}

public sealed record StaffRemoved(Guid EstablishmentId, Guid ProfessionalId, StaffRole Role, DateTimeOffset RemovedAt)
    : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RemovedAt;
}

/// <summary>A machine client of the establishment. Its secret's hash is kept beside the event, never in it.</summary>
public sealed record ApiClientRegistered(Guid EstablishmentId, string ClientId, DateTimeOffset RegisteredAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RegisteredAt;
}

public sealed record ApiClientRevoked(Guid EstablishmentId, string ClientId, DateTimeOffset RevokedAt) : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => RevokedAt;
}

public enum StaffRole
{
    Radiologist,
    EstablishmentAdministrator,
}

/// <summary>
/// An establishment (its API client) read dossier data: its own exams and their images, reports or
/// openings. Not a dossier opening (the establishment made the data), but a read by someone other
/// than the patient, so a fact for the auditors. <see cref="What"/> names what was read.
/// </summary>
public sealed record EstablishmentReadRecorded(Guid EstablishmentId, string What, IReadOnlyList<Guid> PatientIds, DateTimeOffset ReadAt)
    : IDomainEvent
{
    [JsonIgnore] public DateTimeOffset OccurredAt => ReadAt;
}
