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
