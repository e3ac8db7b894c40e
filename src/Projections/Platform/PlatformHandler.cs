using EMage.Domain.Platform;
using EMage.Projections.Professionals;
using EMage.Projections.Store;
using Marten;

namespace EMage.Projections.Platform;

public sealed class PlatformHandler(IDocumentStore store, EventStreamWriter writer, TimeProvider clock)
{
    public async Task AppointAdministrator(Guid professionalId, CommandContext context, CancellationToken ct = default)
    {
        bool known;
        await using (var query = store.QuerySession())
        {
            known = await query.LoadAsync<ProfessionalDirectoryEntry>(professionalId, ct) is not null;
        }

        await Run(new AppointPlatformAdministrator(professionalId, known, clock.GetUtcNow(), context.Actor), context, ct);
    }

    public Task RemoveAdministrator(Guid professionalId, CommandContext context, CancellationToken ct = default) =>
        Run(new RemovePlatformAdministrator(professionalId, clock.GetUtcNow(), context.Actor), context, ct);

    public Task AppointAuditor(Guid accountId, CommandContext context, CancellationToken ct = default) =>
        Run(new AppointAuditor(accountId, clock.GetUtcNow(), context.Actor), context, ct);

    /// <summary>Records an auditor's read on the auditor's account stream (appended without a decision: it is a fact).</summary>
    public Task RecordAuditorRead(Guid auditorAccountId, string query, Guid? patientId, DateTimeOffset? asOf, CommandContext context, CancellationToken ct = default) =>
        writer.Record(auditorAccountId, [new AuditorReadRecorded(auditorAccountId, query, patientId, asOf, clock.GetUtcNow())], context, ct);

    private Task Run(PlatformCommand command, CommandContext context, CancellationToken ct) =>
        writer.Execute(PlatformStaff.StreamId, PlatformStaff.Initial, PlatformStaff.Evolve,
            s => PlatformStaff.Decide(command, s), context, ct: ct);
}
