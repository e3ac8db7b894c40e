using EMage.Domain.Professionals;
using EMage.Projections.Store;

namespace EMage.Projections.Professionals;

public sealed class ProfessionalHandler(EventStreamWriter writer, TimeProvider clock)
{
    public async Task Register(Guid id, string rpps, string familyName, string givenName, string profession, string specialty,
        CommandContext context, CancellationToken ct = default)
    {
        var command = new RegisterProfessional(id, rpps, familyName, givenName, profession, specialty, clock.GetUtcNow(), context.Actor);
        await writer.Execute(id, Professional.Initial, Professional.Evolve, s => ProfessionalDecider.Decide(command, s), context, expectNew: true, ct: ct);
    }
}
