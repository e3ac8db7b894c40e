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

public enum StaffRole
{
    Radiologist,
    EstablishmentAdministrator,
}
