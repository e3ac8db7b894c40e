namespace EMage.Domain.Establishments;

public sealed record EstablishmentRegistered(
    Guid EstablishmentId,
    string Finess,
    string Name,
    string City,
    DateTimeOffset RegisteredAt);
