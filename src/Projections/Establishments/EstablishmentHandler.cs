using EMage.Domain.Establishments;
using EMage.Projections.Professionals;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Establishments;

public sealed class EstablishmentHandler(IDocumentStore store, EventStreamWriter writer, TimeProvider clock)
{
    public Task Register(Guid id, string finess, string name, string city, CommandContext context, CancellationToken ct = default) =>
        Run(new RegisterEstablishment(id, finess, name, city, clock.GetUtcNow(), context.Actor), context, ct);

    public async Task AppointStaff(Guid establishmentId, Guid professionalId, StaffRole role, CommandContext context, CancellationToken ct = default)
    {
        bool known;
        await using (var query = store.QuerySession())
        {
            known = await query.LoadAsync<ProfessionalDirectoryEntry>(professionalId, ct) is not null;
        }

        await Run(new AppointStaff(establishmentId, professionalId, role, known, clock.GetUtcNow(), context.Actor), context, ct);
    }

    public Task RemoveStaff(Guid establishmentId, Guid professionalId, StaffRole role, CommandContext context, CancellationToken ct = default) =>
        Run(new RemoveStaff(establishmentId, professionalId, role, clock.GetUtcNow(), context.Actor), context, ct);

    private Task Run(EstablishmentCommand command, CommandContext context, CancellationToken ct) =>
        writer.Execute(command.EstablishmentId, Establishment.Initial, Establishment.Evolve,
            s => EstablishmentDecider.Decide(command, s), context, ct: ct);
}
