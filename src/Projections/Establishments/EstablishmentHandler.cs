using EMage.Domain.Common;
using EMage.Domain.Establishments;
using EMage.Projections.Store;

namespace EMage.Projections.Establishments;

public sealed class EstablishmentHandler(EventStreamWriter writer, TimeProvider clock)
{
    public async Task Register(Guid id, string finess, string name, string city, CommandContext context, CancellationToken ct = default)
    {
        var command = new RegisterEstablishment(id, finess, name, city, clock.GetUtcNow(), context.Actor);
        await writer.Execute(id, Establishment.Initial, Establishment.Evolve,
            s => EstablishmentDecider.Decide(command, s), context, ct: ct);
    }
}
