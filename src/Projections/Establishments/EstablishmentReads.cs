using System.Collections.Concurrent;
using EMage.Domain.Common;
using EMage.Domain.Establishments;
using EMage.Projections.Store;

namespace EMage.Projections.Establishments;

/// <summary>
/// Records an establishment's reads of dossier data (<see cref="EstablishmentReadRecorded"/>), each
/// in a stream of its own so that concurrent reads never contend. A PACS reads a study instance by
/// instance: the same thing read again by the same establishment within <see cref="Window"/> is
/// recorded once per node, as a professional's session records one opening per study.
/// </summary>
public sealed class EstablishmentReads(EventStreamWriter writer, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<(Guid Establishment, string What), DateTimeOffset> _recorded = new();

    public async Task Record(Guid establishmentId, string what, IReadOnlyCollection<Guid> patientIds, CommandContext context, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (patientIds.Count == 0 || (_recorded.TryGetValue((establishmentId, what), out var at) && now - at < Window))
        {
            return;
        }

        await writer.RecordInNewStream([new EstablishmentReadRecorded(establishmentId, what, [.. patientIds.Distinct()], now)], context, ct);
        if (_recorded.Count >= MaxRemembered)
        {
            _recorded.Clear();
        }

        _recorded[(establishmentId, what)] = now;
    }
}
