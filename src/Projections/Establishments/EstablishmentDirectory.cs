using EMage.Domain.Establishments;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EMage.Projections.Establishments;

/// <summary>A row of the establishments page ("Établissements").</summary>
public sealed record EstablishmentDirectoryEntry
{
    public Guid Id { get; init; }
    public string Finess { get; init; } = "";
    public string Name { get; init; } = "";
    public string City { get; init; } = "";
    public DateTimeOffset RegisteredAt { get; init; }
}

public sealed partial class EstablishmentDirectoryProjection : SingleStreamProjection<EstablishmentDirectoryEntry, Guid>
{
    public override EstablishmentDirectoryEntry? Evolve(EstablishmentDirectoryEntry? snapshot, Guid id, IEvent e) =>
        e.Data switch
        {
            EstablishmentRegistered r => new EstablishmentDirectoryEntry
            {
                Id = r.EstablishmentId, Finess = r.Finess, Name = r.Name, City = r.City, RegisteredAt = r.RegisteredAt,
            },
            _ => snapshot,
        };
}
